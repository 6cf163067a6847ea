using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0010's share of the flow analysis: each blocking acquire (try-acquires add no edge) and each
    /// call made while locks are held goes to the compilation's <see cref="AcquisitionGraph"/>, which
    /// reports the cycles when the compilation ends.
    /// </summary>
    internal sealed class LD0010AcquisitionEdgesRule : FlowRule
    {
        private readonly AcquisitionGraph _graph;
        private readonly IMethodSymbol? _owner;

        public LD0010AcquisitionEdgesRule(DiagnosticCollector diagnostics, AcquisitionGraph graph, ISymbol owner)
            : base(diagnostics)
        {
            _graph = graph;
            _owner = owner as IMethodSymbol;
        }

        public override void OnAcquire(PathState before, HeldLock acquired, IOperation site) =>
            _graph.RecordAcquire(_owner, acquired.Class, Flow.SiteLocations.Of(site), Held(before));

        public override void OnCall(PathState before, IOperation site, IMethodSymbol callee, MethodContract contract, CallSubstitution substitution)
        {
            if (_owner is not null && !before.Locks.IsEmpty && callee.DeclaringSyntaxReferences.Length > 0)
            {
                var held = Held(before);
                if (held.Count > 0)
                {
                    _graph.RecordCallUnderLocks(held, callee, Flow.SiteLocations.Of(site));
                }
            }
        }

        private static List<(Ordering.LockClass Class, Location Site)> Held(PathState before) =>
            before.DefinitelyHeld.Select(h => (h.Class, h.AcquiredAt)).ToList();
    }
}

using System.Linq;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0007: paths meet, one holding a lock and another not, and no tracked value (a try-lock's bool,
    /// the handle tested before locking) tells them apart. Unlike Clang, which reports every such
    /// join, conditional locking correlated with a condition is accepted: the engine keeps those paths
    /// apart. Reported once per acquisition; merges at the method's end are LD0004's.
    /// </summary>
    internal sealed class LD0007UncorrelatedMergeRule : FlowRule
    {
        public LD0007UncorrelatedMergeRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        protected override void On(UncorrelatedMerge e)
        {
            var (held, at) = e;
            if (at.Kind == BasicBlockKind.Exit || !held.AcquiredAt.IsInSource || BulkLocking.NamedByIterationVariable(held.Path))
            {
                return;
            }

            var syntax = at.Operations.FirstOrDefault()?.Syntax ?? at.BranchValue?.Syntax;
            if (syntax is null)
            {
                return;
            }

            var line = syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            Diagnostics.Report(Descriptors.UncorrelatedMerge, held.AcquiredAt, new[] { syntax.GetLocation() }, held.Name, held.Line, line);
        }
    }
}

using System;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.Ordering;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0001: a blocking acquire of a lock while a lock that the declared order puts after it is held
    /// (directly, or through a callee's <c>[Acquires]</c>: the engine substitutes those into acquires).
    /// Try-acquires raise a different event and are never reported.
    /// </summary>
    internal sealed class LD0001LockOrderRule : FlowRule
    {
        private readonly Func<LockOrder> _order;

        public LD0001LockOrderRule(DiagnosticCollector diagnostics, Func<LockOrder> order)
            : base(diagnostics)
        {
            _order = order;
        }

        public override void OnAcquire(PathState before, HeldLock acquired, IOperation site)
        {
            foreach (var held in before.DefinitelyHeld)
            {
                if (!held.Class.Equals(acquired.Class) && _order().IsBefore(acquired.Class, held.Class))
                {
                    Diagnostics.Report(Descriptors.LockOrder, SiteLocations.Of(site), new[] { held.AcquiredAt },
                        acquired.Name, acquired.Class, held.Name, held.Class, held.Line);
                    return;
                }
            }
        }
    }
}

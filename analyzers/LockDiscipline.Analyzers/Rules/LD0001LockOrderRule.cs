using System;
using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Sites;
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

        protected override void On(Acquired e)
        {
            var (before, acquired, site) = e;
            if (!before.HoldsAnyDefinitely)
            {
                return; // the common case, a first lock: nothing to order against, and nothing allocated
            }

            List<HeldLock>? later = null;
            foreach (var held in before.DefinitelyHeld)
            {
                if (!held.Class.Equals(acquired.Class) && _order().IsBefore(acquired.Class, held.Class))
                {
                    (later ??= new List<HeldLock>()).Add(held);
                }
            }

            if (later is null)
            {
                return; // in order: nothing is sorted or allocated
            }

            later = later.OrderBy(held => held.AcquiredAt.SourceSpan.Start).ToList(); // stable: locks held by contract share a place

            // The fix releases every later lock, takes this one, and takes them back in the order they were taken.
            var first = later[0];
            var properties = System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticPropertyNames.LaterLocks, string.Join(";", later.Select(l => l.Name)));
            Diagnostics.Report(Descriptors.LockOrder, SiteLocations.Of(site), later.Select(l => l.AcquiredAt), properties,
                acquired.Name, acquired.Class, first.Name, first.Class, first.Line);
        }
    }
}

using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0005: a blocking acquire of a lock the path already holds (unless the lock is reentrant, or the
    /// acquire upgrades an upgradeable read), or of a second lock of the same lock class, which to the
    /// order is the same lock, unless it is taken with <c>[AcquiresNested]</c> (lockdep's <c>spin_lock_nested</c>).
    /// </summary>
    internal sealed class LD0005DoubleAcquireRule : FlowRule
    {
        public LD0005DoubleAcquireRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        protected override void On(Acquired e)
        {
            var (before, acquired, site) = e;
            var same = before.Find(acquired.Path);
            if (same is { IsMaybe: false, Uncorrelated: false })
            {
                if (!acquired.Reentrant && acquired.UpgradedFrom is null)
                {
                    Diagnostics.Report(Descriptors.DoubleAcquire, SiteLocations.Of(site), new[] { same.AcquiredAt },
                        $"'{acquired.Name}' is acquired while already held (taken at line {same.Line}): a non-reentrant lock deadlocks on itself");
                }

                return;
            }

            if (same is not null || acquired.Nested || acquired.Class.Symbol is ITypeSymbol)
            {
                return;
            }

            foreach (var held in before.DefinitelyHeld)
            {
                if (held.Class.Equals(acquired.Class) && !held.Path.Equals(acquired.Path))
                {
                    Diagnostics.Report(Descriptors.DoubleAcquire, SiteLocations.Of(site), new[] { held.AcquiredAt },
                        $"Acquiring '{acquired.Name}' while holding '{held.Name}' (taken at line {held.Line}), another lock of the same class {acquired.Class}: two threads doing this with the instances swapped deadlock; if the nesting is ordered, acquire it with an [AcquiresNested] method");
                    return;
                }
            }
        }
    }
}

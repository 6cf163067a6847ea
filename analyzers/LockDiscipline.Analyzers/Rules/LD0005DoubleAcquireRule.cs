using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.Sites;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0005: a blocking acquire of a lock the path already holds (unless the lock is reentrant, or the
    /// acquire upgrades an upgradeable read). Another instance of its class is LD0015's.
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
                    Diagnostics.Report(Descriptors.DoubleAcquire, SiteLocations.Of(site), new[] { same.AcquiredAt }, acquired.Name, same.Line);
                }
            }
        }
    }
}

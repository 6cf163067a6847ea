using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0006: a release of a lock that this path does not hold (a double release, a release on a path
    /// that never took it), or in the wrong mode (a read release of a write lock, or the reverse).
    /// Locks held on only some merged paths are not reported here (LD0007 is).
    /// </summary>
    internal sealed class LD0006ReleaseNotHeldRule : FlowRule
    {
        private readonly bool _inGuardType;

        public LD0006ReleaseNotHeldRule(DiagnosticCollector diagnostics, ISymbol owner)
            : base(diagnostics)
        {
            _inGuardType = ScopedLockTypes.Implements(owner);
        }

        protected override void On(Released e)
        {
            var (before, released, sharedRelease, wasHeld, site, upgradeableRead) = e;
            if (_inGuardType || wasHeld is { IsMaybe: true } || Annotations.LockTypes.IsCounting(released.Type) || ReleasesASemaphore(site))
            {
                return;
            }

            var location = SiteLocations.Of(site);
            if (wasHeld is null && BulkLocking.NamedByIterationVariable(released))
            {
                return;
            }

            if (wasHeld is null)
            {
                Diagnostics.Report(Descriptors.ReleaseNotHeld, location, null, released.ToString());
            }
            else if (wasHeld.Shared != sharedRelease && wasHeld.Depth == 1 && !(wasHeld.UpgradedFrom is not null && upgradeableRead))
            {
                Diagnostics.Report(Descriptors.ReleaseWrongMode, location, new[] { wasHeld.AcquiredAt },
                    wasHeld.Name, sharedRelease ? "read" : "write", wasHeld.Shared ? "reading" : "writing", wasHeld.Line);
            }
        }

        /// <summary>
        /// A semaphore's <c>Release</c> (a signal, or a permit given back, not a lock's exit), whatever the path's own
        /// type says: <c>((SemaphoreSlim)handle).Release()</c> names a path typed as the <c>object</c> it was cast from.
        /// </summary>
        private static bool ReleasesASemaphore(Microsoft.CodeAnalysis.IOperation site) =>
            site is Microsoft.CodeAnalysis.Operations.IInvocationOperation { TargetMethod.ContainingType: var type } && Annotations.LockTypes.IsCounting(type);
    }
}

using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
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

        public override void OnRelease(PathState before, LockPath released, bool sharedRelease, HeldLock? wasHeld, IOperation site)
        {
            if (_inGuardType || wasHeld is { IsMaybe: true } || Annotations.LockTypes.IsCounting(released.Type))
            {
                return;
            }

            var location = Flow.SiteLocations.Of(site);
            if (wasHeld is null)
            {
                Diagnostics.Report(Descriptors.ReleaseNotHeld, location, null,
                    $"Releasing '{released}', which is not held here (released twice, or never taken on this path)");
            }
            else if (wasHeld.Shared != sharedRelease && wasHeld.UpgradedFrom is null && wasHeld.Depth == 1)
            {
                Diagnostics.Report(Descriptors.ReleaseNotHeld, location, new[] { wasHeld.AcquiredAt },
                    $"Releasing '{wasHeld.Name}' as a {(sharedRelease ? "read" : "write")} lock, but it is held for {(wasHeld.Shared ? "reading" : "writing")} (taken at line {wasHeld.Line})");
            }
        }
    }
}

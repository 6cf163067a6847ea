using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.Sites;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0014: an <c>await</c> while a lock owned by its thread is held — <c>Monitor</c> (and <c>lock</c>),
    /// <c>System.Threading.Lock</c>, <c>ReaderWriterLockSlim</c> in any mode, <c>Mutex</c>. <c>SemaphoreSlim</c>
    /// has no owner and is not reported; a lambda created under the lock is a body of its own, which starts
    /// holding nothing; a spin lock under an <c>await</c> is LD0002's.
    /// </summary>
    internal sealed class LD0014ThreadAffineAwaitRule : FlowRule
    {
        public LD0014ThreadAffineAwaitRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        protected override void On(Awaited e)
        {
            foreach (var held in e.Before.DefinitelyHeld)
            {
                if (ThreadAffineKind(held) is { } kind)
                {
                    Diagnostics.Report(Descriptors.AwaitUnderThreadAffineLock, SiteLocations.Of(e.Site), new[] { held.AcquiredAt }, held.Name, held.Line, kind);
                }
            }
        }

        /// <summary>The kind of lock, as the message names it, when its owner is the thread that took it; null otherwise.</summary>
        private static string? ThreadAffineKind(HeldLock held)
        {
            var type = held.Path.Type;
            if (LockTypes.IsSystemThreading(type, "ReaderWriterLockSlim"))
            {
                return "ReaderWriterLockSlim";
            }

            if (LockTypes.IsSystemThreading(type, "Mutex"))
            {
                return "Mutex";
            }

            if (LockTypes.IsSystemThreading(type, "Lock"))
            {
                return "System.Threading.Lock";
            }

            // What remains reentrant among .NET's built-in locks is Monitor's, on any object (a semaphore has no owner).
            return held.Reentrant && !held.IsSpin && !LockTypes.IsLockType(type) && !LockTypes.IsCounting(type) ? "Monitor" : null;
        }
    }
}

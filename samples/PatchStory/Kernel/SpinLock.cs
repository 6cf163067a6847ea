using System.Threading;
using LockDiscipline;

namespace PatchStory.Kernel
{
    /// <summary>The kernel's <c>spinlock_t</c>: <c>spin_lock</c>, <c>spin_unlock</c>, <c>spin_trylock</c>.</summary>
    [LockType(LockKind.Spin)]
    public sealed class SpinLockT
    {
        private int _held;

        [Acquires]
        public void Lock()
        {
            while (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
            {
                Thread.SpinWait(1);
            }
        }

        [Releases]
        public void Unlock() => Volatile.Write(ref _held, 0);

        [TryAcquires(true)]
        public bool TryLock() => Interlocked.CompareExchange(ref _held, 1, 0) == 0;
    }

    /// <summary>The scheduler entry points that may sleep.</summary>
    public static class Sched
    {
        /// <summary><c>cond_resched()</c>: may reschedule, that is, sleep.</summary>
        [MightSleep]
        public static void CondResched() => Thread.Yield();

        /// <summary><c>cond_resched_lock(lock)</c>: drops <paramref name="l"/> around the reschedule.</summary>
        [MightSleep, MayDrop("l")]
        public static void CondReschedLock(SpinLockT l)
        {
            l.Unlock();
            CondResched();
            l.Lock();
        }
    }
}

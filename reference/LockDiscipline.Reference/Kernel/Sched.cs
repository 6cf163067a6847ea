using System.Runtime.CompilerServices;
using System.Threading;

namespace LockDiscipline.Reference.Kernel
{
    /// <summary>The scheduler calls the mm code makes.</summary>
    public static class Sched
    {
        /// <summary><c>might_sleep()</c>: checks that sleeping is allowed here.</summary>
        [MightSleep]
        public static void MightSleep([CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
            LockValidator.MightSleep(new CallSite(file, line));

        /// <summary><c>cond_resched()</c>: may give the CPU to another thread.</summary>
        [MightSleep]
        public static void CondResched([CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        {
            MightSleep(file, line);
            Thread.Yield();
        }

        /// <summary><c>cond_resched_lock(lock)</c>: drops <paramref name="l"/> around the reschedule, and retakes it.</summary>
        [MightSleep, MayDrop("l")]
        public static void CondReschedLock(SpinLockT l, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        {
            l.Unlock(file, line);
            CondResched(file, line);
            l.Lock(file, line);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Threading;

namespace LockDiscipline.Reference.Kernel
{
    /// <summary>
    /// The kernel's <c>spinlock_t</c>: <c>spin_lock</c>, <c>spin_unlock</c>, <c>spin_trylock</c>, each
    /// checked by <see cref="LockValidator"/>. Its lock class is the field that stores it.
    /// </summary>
    [LockType(LockKind.Spin)]
    public sealed class SpinLockT
    {
        private int _locked;
        private int _waiters;

        /// <summary>A spin lock of the class <paramref name="owner"/>.<paramref name="field"/>.</summary>
        public SpinLockT(System.Type owner, string field)
        {
            Class = LockClassKey.Of(owner, field);
        }

        public LockClassKey Class { get; }

        public bool IsLocked => Volatile.Read(ref _locked) != 0;

        /// <summary>True while some thread spins waiting for the lock: lets tests force an interleaving without sleeping.</summary>
        public bool HasWaiters => Volatile.Read(ref _waiters) != 0;

        /// <summary><c>spin_lock()</c>.</summary>
        [Acquires]
        public void Lock([CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        {
            var site = new CallSite(file, line);
            var held = LockValidator.Current;
            var chain = LockValidator.BeforeAcquire(held, this, Class, site);
            if (Interlocked.CompareExchange(ref _locked, 1, 0) != 0)
            {
                Interlocked.Increment(ref _waiters);
                var spinner = new SpinWait();
                while (Interlocked.CompareExchange(ref _locked, 1, 0) != 0)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                }

                Interlocked.Decrement(ref _waiters);
            }

            LockValidator.Acquired(held, this, Class, spin: true, site, chain);
        }

        /// <summary><c>spin_trylock()</c>: may go against the order, and adds no edge to the observed order.</summary>
        [TryAcquires(true)]
        public bool TryLock([CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        {
            if (Interlocked.CompareExchange(ref _locked, 1, 0) != 0)
            {
                return false;
            }

            LockValidator.Acquired(this, Class, spin: true, new CallSite(file, line));
            return true;
        }

        /// <summary><c>spin_unlock()</c>.</summary>
        [Releases]
        public void Unlock([CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        {
            LockValidator.Released(this, Class, new CallSite(file, line));
            Volatile.Write(ref _locked, 0);
        }

        public override string ToString() => Class.Name;
    }
}

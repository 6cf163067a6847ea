using System;
using System.Diagnostics;
using System.Threading;
using LockDiscipline.Reference.Kernel;

namespace LockDiscipline.Benchmark
{
    /// <summary>
    /// The cost per acquire of the reference's validated spin lock against a bare one (the same
    /// compare-and-swap without the validator), uncontended, with nothing and with one other lock held
    /// (so that the order checks and the observed-order graph have work).
    /// </summary>
    internal static class ValidatorCost
    {
        private const int Iterations = 2_000_000;

        private sealed class Locks
        {
            [AcquiredBefore(typeof(Locks), nameof(Inner))]
            public readonly SpinLockT Outer;
            public readonly SpinLockT Inner;

            public Locks()
            {
                Outer = new SpinLockT(typeof(Locks), nameof(Outer));
                Inner = new SpinLockT(typeof(Locks), nameof(Inner));
            }
        }

        public static void Run()
        {
            var locks = new Locks();
            var bare = 0;
            for (var round = 0; round < 2; round++)
            {
                var bareNs = Time(() =>
                {
                    while (Interlocked.CompareExchange(ref bare, 1, 0) != 0) { }
                    Volatile.Write(ref bare, 0);
                });
                var aloneNs = Time(() => { locks.Inner.Lock(); locks.Inner.Unlock(); });
                locks.Outer.Lock();
                var nestedNs = Time(() => { locks.Inner.Lock(); locks.Inner.Unlock(); });
                locks.Outer.Unlock();
                if (round == 1)
                {
                    Console.WriteLine("| acquire + release | ns | ÷ bare |");
                    Console.WriteLine("|---|---:|---:|");
                    Console.WriteLine($"| bare compare-and-swap spin lock | {bareNs:F1} | 1.0 |");
                    Console.WriteLine($"| validated SpinLockT, nothing else held | {aloneNs:F1} | {aloneNs / bareNs:F1} |");
                    Console.WriteLine($"| validated SpinLockT, one lock held | {nestedNs:F1} | {nestedNs / bareNs:F1} |");
                }
            }
        }

        private static double Time(Action pair)
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < Iterations; i++)
            {
                pair();
            }

            return stopwatch.Elapsed.TotalMilliseconds * 1e6 / Iterations;
        }
    }
}

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
        /// <summary>Acquire + release pairs per timed block. A round is <see cref="Blocks"/> blocks of each case,
        /// interleaved (bare, nothing held, one held, bare, ...), and takes each case's median block: a burst of
        /// load from another process spoils a few blocks of every case rather than the whole of one case.</summary>
        private const int Iterations = 100_000;
        private const int Blocks = 21;

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

        /// <summary>Rounds measured after one warm-up round; in each the three cases are interleaved, so a round's
        /// ratios share the machine's speed of the moment. The median ratio over the rounds is the figure to quote.</summary>
        private const int Rounds = 9;

        public static void Run()
        {
            var locks = new Locks();
            var bare = 0;
            var aloneRatios = new double[Rounds];
            var nestedRatios = new double[Rounds];
            Console.WriteLine("| round | bare ns | nothing held ns | ÷ bare | one lock held ns | ÷ bare |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            for (var round = -1; round < Rounds; round++)
            {
                var bareBlocks = new double[Blocks];
                var aloneBlocks = new double[Blocks];
                var nestedBlocks = new double[Blocks];
                for (var block = 0; block < Blocks; block++)
                {
                    bareBlocks[block] = Time(() =>
                    {
                        while (Interlocked.CompareExchange(ref bare, 1, 0) != 0) { }
                        Volatile.Write(ref bare, 0);
                    });
                    aloneBlocks[block] = Time(() => { locks.Inner.Lock(); locks.Inner.Unlock(); });
                    locks.Outer.Lock();
                    nestedBlocks[block] = Time(() => { locks.Inner.Lock(); locks.Inner.Unlock(); });
                    locks.Outer.Unlock();
                }

                var bareNs = Median(bareBlocks);
                var aloneNs = Median(aloneBlocks);
                var nestedNs = Median(nestedBlocks);
                if (round >= 0)
                {
                    aloneRatios[round] = aloneNs / bareNs;
                    nestedRatios[round] = nestedNs / bareNs;
                    Console.WriteLine($"| {round + 1} | {bareNs:F1} | {aloneNs:F1} | {aloneRatios[round]:F2} | {nestedNs:F1} | {nestedRatios[round]:F2} |");
                }
            }

            Console.WriteLine();
            Console.WriteLine($"validated SpinLockT ÷ bare compare-and-swap, over {Rounds} rounds: median (min–max)");
            Console.WriteLine($"  nothing else held: {Median(aloneRatios):F2} ({Min(aloneRatios):F2}–{Max(aloneRatios):F2})");
            Console.WriteLine($"  one lock held:     {Median(nestedRatios):F2} ({Min(nestedRatios):F2}–{Max(nestedRatios):F2})");
        }

        private static double Median(double[] values)
        {
            var sorted = (double[])values.Clone();
            Array.Sort(sorted);
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        private static double Min(double[] values)
        {
            var min = double.MaxValue;
            foreach (var value in values)
            {
                min = Math.Min(min, value);
            }

            return min;
        }

        private static double Max(double[] values)
        {
            var max = double.MinValue;
            foreach (var value in values)
            {
                max = Math.Max(max, value);
            }

            return max;
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

using System.Threading;
using LockDiscipline.Reference.Kernel;
using Xunit;

namespace LockDiscipline.Reference.Tests
{
    /// <summary>The run-time validator: lockdep's checks and might_sleep, on the classes declared below.</summary>
    public class LockValidatorTests
    {
        public LockValidatorTests()
        {
            LockValidator.Reset();
        }

        private sealed class Outer
        {
            [AcquiredBefore(typeof(Inner), nameof(Inner.B))]
            public readonly SpinLockT A;

            public Outer() { A = new SpinLockT(typeof(Outer), nameof(A)); }
        }

        private sealed class Inner
        {
            public readonly SpinLockT B;

            [AcquiredAfter(typeof(Inner), nameof(B))]
            public readonly SpinLockT C;

            public Inner() { B = new SpinLockT(typeof(Inner), nameof(B)); C = new SpinLockT(typeof(Inner), nameof(C)); }
        }

        private sealed class Loose
        {
            public readonly SpinLockT X;
            public readonly SpinLockT Y;

            public Loose() { X = new SpinLockT(typeof(Loose), nameof(X)); Y = new SpinLockT(typeof(Loose), nameof(Y)); }
        }

        [Fact]
        public void InDeclaredOrder_NoViolation()
        {
            var o = new Outer();
            var i = new Inner();
            o.A.Lock();
            i.B.Lock();
            i.C.Lock();
            i.C.Unlock();
            i.B.Unlock();
            o.A.Unlock();
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void AgainstDeclaredOrder_Throws_NamingBothLocksAndSites()
        {
            var o = new Outer();
            var i = new Inner();
            i.C.Lock();
            var error = Assert.Throws<LockValidationException>(() => o.A.Lock());
            Assert.Contains("Outer.A", error.Message);
            Assert.Contains("Inner.C", error.Message);
            Assert.Contains("LockValidatorTests.cs:", error.Message);
            Assert.False(o.A.IsLocked);
            i.C.Unlock();
        }

        [Fact]
        public void TrylockAgainstOrder_IsAllowed_AndAddsNoEdge()
        {
            var l = new Loose();
            l.Y.Lock();
            Assert.True(l.X.TryLock());
            l.X.Unlock();
            l.Y.Unlock();

            // Had the try-lock recorded Y → X, this would be an inversion.
            l.X.Lock();
            l.Y.Lock();
            l.Y.Unlock();
            l.X.Unlock();
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void ObservedInversion_BetweenUndeclaredClasses_Throws_WithBothSites()
        {
            var l = new Loose();
            l.X.Lock();
            l.Y.Lock();
            l.Y.Unlock();
            l.X.Unlock();

            l.Y.Lock();
            var error = Assert.Throws<LockValidationException>(() => l.X.Lock());
            Assert.Contains("possible ABBA deadlock", error.Message);
            Assert.Contains("Loose.X", error.Message);
            Assert.Contains("Loose.Y", error.Message);
            l.Y.Unlock();
        }

        [Fact]
        public void ObservedOrder_IsSharedAcrossThreads()
        {
            var l = new Loose();
            var first = new Thread(() => { l.X.Lock(); l.Y.Lock(); l.Y.Unlock(); l.X.Unlock(); });
            first.Start();
            first.Join();

            l.Y.Lock();
            Assert.Throws<LockValidationException>(() => l.X.Lock());
            l.Y.Unlock();
        }

        [Fact]
        public void SameLockTwice_IsAnAADeadlock()
        {
            var l = new Loose();
            l.X.Lock();
            var error = Assert.Throws<LockValidationException>(() => l.X.Lock());
            Assert.Contains("AA deadlock", error.Message);
            l.X.Unlock();
        }

        [Fact]
        public void TwoInstancesOfOneClass_AreNotAnOrderViolation()
        {
            var a = new Loose();
            var b = new Loose();
            a.X.Lock();
            b.X.Lock();
            b.X.Unlock();
            a.X.Unlock();
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void ReleaseOfALockNotHeld_Throws()
        {
            var l = new Loose();
            Assert.Throws<LockValidationException>(() => l.X.Unlock());
        }

        [Fact]
        public void CondResched_UnderSpinLock_IsASleepInAtomicContext()
        {
            var l = new Loose();
            l.X.Lock();
            var error = Assert.Throws<LockValidationException>(() => Sched.CondResched());
            Assert.Contains("sleeping function called from invalid context", error.Message);
            Assert.Contains("Loose.X", error.Message);
            l.X.Unlock();
        }

        [Fact]
        public void CondReschedLock_WithOnlyItsLockHeld_IsFine_WithAnotherSpinLockHeld_Throws()
        {
            var l = new Loose();
            l.X.Lock();
            Sched.CondReschedLock(l.X);
            Assert.True(l.X.IsLocked);
            l.X.Unlock();

            l.Y.Lock();
            l.X.Lock();
            var error = Assert.Throws<LockValidationException>(() => Sched.CondReschedLock(l.X));
            Assert.Contains("Loose.Y", error.Message);
            Assert.Equal(new[] { "Loose.Y" }, LockValidator.HeldByCurrentThread);
            l.Y.Unlock();
        }

        // The chain cache (lockdep's lookup_chain_cache): a chain of classes validated once is not validated again.

        [Fact]
        public void ChainCache_RepeatedNesting_IsValidatedOnce()
        {
            var l = new Loose();
            for (var i = 0; i < 100; i++)
            {
                l.X.Lock();
                l.Y.Lock();
                l.Y.Unlock();
                l.X.Unlock();
            }

            Assert.Equal(1, LockValidator.ValidatedChainCount);
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void ChainCache_ACachedChain_StillDetectsAA_OnTheSameInstance()
        {
            var a = new Loose();
            var b = new Loose();

            // X → X on two instances of one class is fine, and caches the chain (Loose.X, Loose.X).
            a.X.Lock();
            b.X.Lock();
            b.X.Unlock();
            a.X.Unlock();
            Assert.Equal(1, LockValidator.ValidatedChainCount);

            // The same chain of classes, but the same instance: the cache must not hide it. Were it hidden, the
            // second Lock would spin forever: it runs on a background thread the test waits for, with a bound.
            var outcome = OnBoundedThread(() =>
            {
                a.X.Lock();
                try
                {
                    a.X.Lock();
                    return "not caught";
                }
                catch (LockValidationException e)
                {
                    return e.Message + " | held: " + string.Join(",", LockValidator.HeldByCurrentThread);
                }
                finally
                {
                    a.X.Unlock();
                }
            });
            Assert.Contains("AA deadlock", outcome);
            Assert.EndsWith("| held: Loose.X", outcome);
        }

        /// <summary>Runs <paramref name="body"/> on a background thread and returns what it returned, or "hung" after 20 s.</summary>
        private static string OnBoundedThread(System.Func<string> body)
        {
            var result = "hung";
            var thread = new Thread(() => result = body()) { IsBackground = true };
            thread.Start();
            return thread.Join(System.TimeSpan.FromSeconds(20)) ? result : "hung";
        }

        [Fact]
        public void ChainCache_ACachedChainOfThree_StillDetectsAA_OnTheOutermostInstance()
        {
            var a = new Loose();
            var b = new Loose();
            var c = new Loose();
            a.X.Lock();
            b.X.Lock();
            c.X.Lock();
            c.X.Unlock();
            b.X.Unlock();
            a.X.Unlock();
            Assert.Equal(2, LockValidator.ValidatedChainCount); // (X, X) and (X, X, X)

            // (X, X, X) is cached now; taking a.X again under the same classes is still an AA.
            var outcome = OnBoundedThread(() =>
            {
                a.X.Lock();
                b.X.Lock();
                try
                {
                    a.X.Lock();
                    return "not caught";
                }
                catch (LockValidationException e)
                {
                    return e.Message;
                }
                finally
                {
                    b.X.Unlock();
                    a.X.Unlock();
                }
            });
            Assert.Contains("AA deadlock", outcome);
            Assert.Empty(LockValidator.HeldByCurrentThread);
        }

        private sealed class Many
        {
            public readonly SpinLockT[] Locks;

            public Many()
            {
                Locks = new SpinLockT[16];
                for (var i = 0; i < Locks.Length; i++)
                {
                    Locks[i] = new SpinLockT(typeof(Many), "L" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

#pragma warning disable CS0169, IDE0051 // only the lock classes: the fields name them
            private readonly SpinLockT? L00, L01, L02, L03, L04, L05, L06, L07, L08, L09, L10, L11, L12, L13, L14, L15;
#pragma warning restore CS0169, IDE0051
        }

        [Fact]
        public void ChainCache_ANewInversion_AfterManyCachedChains_IsStillReported()
        {
            var m = new Many();

            // Every pair i < j in ascending order, many times over: 120 chains of two, cached.
            for (var round = 0; round < 3; round++)
            {
                for (var i = 0; i < m.Locks.Length; i++)
                {
                    for (var j = i + 1; j < m.Locks.Length; j++)
                    {
                        m.Locks[i].Lock();
                        m.Locks[j].Lock();
                        m.Locks[j].Unlock();
                        m.Locks[i].Unlock();
                    }
                }
            }

            Assert.Equal(120, LockValidator.ValidatedChainCount);
            Assert.Empty(LockValidator.Violations);

            // A chain never seen, against the observed order (L03 → L11 was cached above).
            m.Locks[11].Lock();
            var error = Assert.Throws<LockValidationException>(() => m.Locks[3].Lock());
            Assert.Contains("possible ABBA deadlock", error.Message);
            Assert.Contains("Many.L03", error.Message);
            Assert.Contains("Many.L11", error.Message);
            m.Locks[11].Unlock();

            // And the failed chain was not cached: it is reported again.
            m.Locks[11].Lock();
            Assert.Throws<LockValidationException>(() => m.Locks[3].Lock());
            m.Locks[11].Unlock();
            Assert.Equal(2, LockValidator.Violations.Count);
        }

        [Fact]
        public void ChainCache_GrowsPastItsFirstTable_WhileTwoThreadsValidate_AndKeepsEveryChain()
        {
            var m = new Many();

            // Every ascending pair and triple of the 16 classes: 120 + 560 chains, more than the first table
            // holds at half load (512), taken by two threads at once (their instances differ, their classes not).
            void AllAscendingChains(Many locks)
            {
                var n = locks.Locks.Length;
                for (var i = 0; i < n; i++)
                {
                    for (var j = i + 1; j < n; j++)
                    {
                        locks.Locks[i].Lock();
                        locks.Locks[j].Lock();
                        for (var k = j + 1; k < n; k++)
                        {
                            locks.Locks[k].Lock();
                            locks.Locks[k].Unlock();
                        }

                        locks.Locks[j].Unlock();
                        locks.Locks[i].Unlock();
                    }
                }
            }

            var other = new Many();
            var failures = 0;
            var second = new Thread(() =>
            {
                try
                {
                    AllAscendingChains(other);
                }
                catch (LockValidationException)
                {
                    Interlocked.Increment(ref failures);
                }
            });
            second.Start();
            AllAscendingChains(m);
            second.Join();
            Assert.Equal(0, failures);
            Assert.Empty(LockValidator.Violations);
            Assert.Equal(680, LockValidator.ValidatedChainCount);

            // All hits now: a second pass validates nothing new.
            AllAscendingChains(m);
            Assert.Equal(680, LockValidator.ValidatedChainCount);
        }

        [Fact]
        public void HotPath_AllocatesNothing_WithNothingHeld_AndWithACachedChain()
        {
            var l = new Loose();
            void Pairs(int n)
            {
                for (var i = 0; i < n; i++)
                {
                    l.Y.Lock();
                    l.Y.Unlock();
                    l.X.Lock();
                    l.Y.Lock();
                    l.Y.Unlock();
                    l.X.Unlock();
                    Sched.MightSleep(); // nothing held: reads the spin count only
                }
            }

            // Warm up: the thread's held array, the class notes, the chain (X, Y) validated and cached.
            Pairs(10);
            Assert.Throws<LockValidationException>(() => { l.X.Lock(); try { Sched.MightSleep(); } finally { l.X.Unlock(); } });
            LockValidator.Reset();
            Pairs(10);

            var before = System.GC.GetAllocatedBytesForCurrentThread();
            Pairs(10_000);
            var allocated = System.GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void ChainCache_ADeclaredOrderViolation_IsNotCached()
        {
            var o = new Outer();
            var i = new Inner();
            i.C.Lock();
            Assert.Throws<LockValidationException>(() => o.A.Lock());
            Assert.Throws<LockValidationException>(() => o.A.Lock());
            i.C.Unlock();
            Assert.Equal(2, LockValidator.Violations.Count);
            Assert.Equal(0, LockValidator.ValidatedChainCount);
        }

        [Fact]
        public void ChainCache_Reset_ClearsIt_SoTheNextInversionIsJudgedOnTheNewGraph()
        {
            var l = new Loose();
            l.X.Lock();
            l.Y.Lock();
            l.Y.Unlock();
            l.X.Unlock();
            Assert.Equal(1, LockValidator.ValidatedChainCount);

            LockValidator.Reset();
            Assert.Equal(0, LockValidator.ValidatedChainCount);

            // After Reset, Y → X is the first order seen, so it is fine; X → Y is then the inversion. Had the
            // (X, Y) chain stayed cached, X → Y would pass unchecked.
            l.Y.Lock();
            l.X.Lock();
            l.X.Unlock();
            l.Y.Unlock();
            l.X.Lock();
            var error = Assert.Throws<LockValidationException>(() => l.Y.Lock());
            Assert.Contains("possible ABBA deadlock", error.Message);
            l.X.Unlock();
        }

        [Fact]
        public void ChainCache_ReleaseOutOfOrder_ReKeysTheEntriesAbove()
        {
            var l = new Loose();
            var i = new Inner();

            // Held X, Y; X released (not the innermost), so Y alone is held, and its chain key is that of (Y).
            l.X.Lock();
            l.Y.Lock();
            l.X.Unlock();
            Assert.Equal(new[] { "Loose.Y" }, LockValidator.HeldByCurrentThread);
            i.B.Lock();
            i.B.Unlock();
            l.Y.Unlock();
            Assert.Equal(2, LockValidator.ValidatedChainCount); // (X, Y) and (Y, B)

            // (Y, B) again, taken the plain way: a cache hit only if the re-keyed chain above was (Y, B).
            l.Y.Lock();
            i.B.Lock();
            i.B.Unlock();
            l.Y.Unlock();
            Assert.Equal(2, LockValidator.ValidatedChainCount);
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void ChainCache_IsSharedAcrossThreads_AndAnotherThreadsAAIsStillCaught()
        {
            var l = new Loose();
            var first = new Thread(() => { l.X.Lock(); l.Y.Lock(); l.Y.Unlock(); l.X.Unlock(); });
            first.Start();
            first.Join();
            Assert.Equal(1, LockValidator.ValidatedChainCount);

            string? caught = null;
            var second = new Thread(() =>
            {
                l.X.Lock();
                l.Y.Lock();
                try
                {
                    l.Y.Lock();
                }
                catch (LockValidationException e)
                {
                    caught = e.Message;
                }

                l.Y.Unlock();
                l.X.Unlock();
            });
            second.Start();
            second.Join();
            Assert.NotNull(caught);
            Assert.Contains("AA deadlock", caught);
            Assert.Equal(1, LockValidator.ValidatedChainCount); // (X, Y), validated by the first thread only
        }
    }
}

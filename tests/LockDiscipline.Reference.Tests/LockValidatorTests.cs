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
    }
}

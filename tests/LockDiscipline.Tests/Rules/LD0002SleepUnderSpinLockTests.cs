using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0002: nothing sleeps while a spin lock is held.</summary>
    public class LD0002SleepUnderSpinLockTests
    {
        [Fact]
        public Task CondResched_UnderSpinLock_Warns_NamingTheLockAndWhereItWasTaken() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s)
    {
        {|#1:s.Lock()|};
        {|#0:Sched.CondResched()|};
        s.Unlock();
    }
}",
            Verify.Warning("LD0002").WithLocation(0).WithLocation(1)
                .WithArguments("'CondResched()'", "it is [MightSleep]", "s", 6));

        [Fact]
        public Task CondResched_AfterUnlock_OrUnderSleepingLock_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s, SleepLock m)
    {
        s.Lock();
        s.Unlock();
        Sched.CondResched();
        m.Lock();
        Sched.CondResched();
        m.Unlock();
    }
}");

        [Fact]
        public Task CondReschedLock_WithOnlyItsOwnLockHeld_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s)
    {
        s.Lock();
        Sched.CondReschedLock(s);
        s.Unlock();
    }
}");

        [Fact]
        public Task CondReschedLock_WithAnotherSpinLockHeld_WarnsOnTheOtherLock() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s, Spin other)
    {
        {|#1:other.Lock()|};
        s.Lock();
        {|#0:Sched.CondReschedLock(s)|};
        s.Unlock();
        other.Unlock();
    }
}",
            Verify.Warning("LD0002").WithLocation(0).WithLocation(1)
                .WithArguments("'CondReschedLock()'", "it is [MightSleep]", "other", 6));

        [Fact]
        public Task BlockingAcquire_UnderSpinLock_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s, SleepLock m)
    {
        s.Lock();
        {|LD0002:m.Lock()|};
        m.Unlock();
        if (m.TryLock()) m.Unlock();
        s.Unlock();
    }
}");

        [Fact]
        public Task Inference_ThroughTwoUnannotatedMethods_WarnsWithTheChain() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s)
    {
        s.Lock();
        {|#0:Outer()|};
        s.Unlock();
        Outer();
    }

    void Outer() => Middle();
    void Middle() { if (System.Environment.TickCount > 0) Sched.CondResched(); }
}",
            Verify.Warning("LD0002").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("'Outer()'", "Outer() → Middle() → 'CondResched()'", "s", 6));

        /// <summary>
        /// A recursive call that narrows its own drop set by one lock per pass of the closure: the closure runs to
        /// its fixpoint (only 'a' dropped), however few methods there are. A pass cap of three per method cut it
        /// short, with 'b' (that is, 'x') still counted as dropped.
        /// </summary>
        [Fact]
        public Task Inference_DropSetNarrowedOneLockPerPass_ReachesItsFixpoint() => Verify.Diagnostics(@"
using LockDiscipline;
public static class Z
{
    [MightSleep, MayDrop(""a"", ""b"", ""c"", ""d"", ""e"", ""f"", ""g"", ""h"", ""i"", ""j"", ""k"", ""l"")]
    public static void Drop12(Spin a, Spin b, Spin c, Spin d, Spin e, Spin f, Spin g, Spin h, Spin i, Spin j, Spin k, Spin l) { }
}

class C1
{
    void A(Spin a, Spin b, Spin c, Spin d, Spin e, Spin f, Spin g, Spin h, Spin i, Spin j, Spin k, Spin l, int n)
    {
        Z.Drop12(a, b, c, d, e, f, g, h, i, j, k, l);
        if (n > 0) A(a, a, b, c, d, e, f, g, h, i, j, k, n - 1);
    }

    void Caller(Spin x, Spin y)
    {
        x.Lock();
        {|#0:A(y, x, y, y, y, y, y, y, y, y, y, y, 3)|};
        x.Unlock();
    }
}",
            Verify.Warning("LD0002").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("'A()'", "A() → 'Drop12()'", "x", 19));

        [Fact]
        public Task Inference_CallerOfNonSleepingHelper_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s)
    {
        s.Lock();
        Helper(1);
        s.Unlock();
    }

    int Helper(int x) => Twice(x) + 1;
    int Twice(int x) => x * 2;
}");

        [Fact]
        public Task Inference_CarriesMayDropThroughAWrapper() => Verify.Diagnostics(@"
class C1
{
    static void Yield(Spin l) => Sched.CondReschedLock(l);

    void OnlyItsLock(Spin a)
    {
        a.Lock();
        Yield(a);
        a.Unlock();
    }

    void AnotherLockToo(Spin a, Spin b)
    {
        b.Lock();
        a.Lock();
        {|LD0002:Yield(a)|};
        a.Unlock();
        b.Unlock();
    }
}");

        [Fact]
        public Task Inference_RecursionTerminates() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s) { s.Lock(); {|LD0002:Ping(3)|}; s.Unlock(); }
    void Ping(int n) { if (n > 0) Pong(n - 1); else Sched.CondResched(); }
    void Pong(int n) { Ping(n); }
}");

        [Fact]
        public Task NeverSleeps_ThatSleeps_IsLD0016_NotAnInvalidAnnotation() => Verify.Diagnostics(@"
using LockDiscipline;
class C1
{
    [NeverSleeps] void Fast() { {|#0:Sched.CondResched()|}; }
    [NeverSleeps] void ReallyFast() { }
    void M(Spin s) { s.Lock(); Fast(); ReallyFast(); s.Unlock(); }
}", Verify.Warning("LD0016").WithLocation(0).WithArguments("Fast", "'CondResched()'", "'CondResched()'"));

        [Fact]
        public Task DotNetBuiltIns_UnderSystemThreadingSpinLock_AllWarn() => Verify.Diagnostics(@"
using System.Threading;
using System.Threading.Tasks;
class Q
{
    private SpinLock _spin = new SpinLock(false);
    private readonly object _gate = new object();

    async Task M(Task t, Task<int> ti, WaitHandle h, SemaphoreSlim sem, ManualResetEventSlim ev, Thread th)
    {
        bool taken = false;
        try
        {
            _spin.Enter(ref taken);
            {|LD0002:Thread.Sleep(1)|};
            {|LD0002:th.Join()|};
            {|LD0002:t.Wait()|};
            _ = {|LD0002:ti.Result|};
            {|LD0002:t.GetAwaiter().GetResult()|};
            {|LD0002:h.WaitOne()|};
            {|LD0002:sem.Wait()|};
            sem.Release();
            {|LD0002:ev.Wait()|};
            {|LD0002:Monitor.Wait(_gate)|};
            {|LD0002:await t|};
            lock ({|LD0002:_gate|}) { }
        }
        finally
        {
            if (taken) _spin.Exit();
        }
    }
}");

        [Fact]
        public Task DotNetBuiltIns_UnderLockStatement_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
using System.Threading.Tasks;
class Q
{
    private readonly object _gate = new object();
    private readonly object _other = new object();

    void M(Task t, Task<int> ti, WaitHandle h, SemaphoreSlim sem, ManualResetEventSlim ev)
    {
        lock (_gate)
        {
            Thread.Sleep(1);
            t.Wait();
            _ = ti.Result;
            t.GetAwaiter().GetResult();
            h.WaitOne();
            sem.Wait();
            sem.Release();
            ev.Wait();
            Monitor.Wait(_gate);
            lock (_other) { }
        }
    }
}");

        [Fact]
        public Task SpinLockTryEnter_SleepsOnlyOnTheAcquiredPath() => Verify.Diagnostics(@"
using System.Threading;
class Q
{
    private SpinLock _spin = new SpinLock(false);

    void M()
    {
        bool taken = false;
        _spin.TryEnter(ref taken);
        if (!taken)
        {
            Thread.Sleep(1);
            return;
        }
        {|LD0002:Thread.Sleep(2)|};
        _spin.Exit();
        Thread.Sleep(3);
    }
}");

        [Fact]
        public Task LambdaBody_DoesNotRunUnderTheCallersLock() => Verify.Diagnostics(@"
using System;
class C1
{
    void M(Spin s)
    {
        s.Lock();
        Action later = () => Sched.CondResched();
        Action bad = () => { s.Lock(); {|LD0002:Sched.CondResched()|}; s.Unlock(); };
        s.Unlock();
        later();
    }
}");

        [Fact]
        public Task ExtraSleepingMethodsFromEditorConfig() => new LockAnalyzerTest
        {
            TestState =
            {
                Sources = { @"
class Io { public static void Flush() { } public static void Peek() { } }
class C1
{
    void M(Spin s)
    {
        s.Lock();
        {|LD0002:Io.Flush()|};
        Io.Peek();
        s.Unlock();
    }
}" },
                AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n[*]\nlockdiscipline.might_sleep_methods = Io.Flush, System.IO.File.ReadAllText\n") },
            },
        }.RunAsync();
    }
}

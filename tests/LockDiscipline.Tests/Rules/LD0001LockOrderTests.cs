using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0001, with the prelude's order A → B → C.</summary>
    public class LD0001LockOrderTests
    {
        [Fact]
        public Task InOrder_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i)
    {
        o.A.Lock();
        i.B.Lock();
        i.C.Lock();
        i.C.Unlock();
        i.B.Unlock();
        o.A.Unlock();
    }
}");

        [Fact]
        public Task ABBA_EarlierLockWhileHoldingLater_Warns_NamingBothLocksAndWhereTheHeldOneWasTaken() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i)
    {
        {|#1:i.B.Lock()|};
        {|#0:o.A.Lock()|};
        o.A.Unlock();
        i.B.Unlock();
    }
}",
            Verify.Warning("LD0001").WithLocation(0).WithLocation(1)
                .WithArguments("o.A", "Outer.A", "i.B", "Inner.B", 6));

        [Fact]
        public Task ABBCCA_TransitiveOrder_Warns() => Verify.Diagnostics(@"
class C1
{
    void AB(Outer o, Inner i) { o.A.Lock(); i.B.Lock(); i.B.Unlock(); o.A.Unlock(); }
    void BC(Inner i) { i.B.Lock(); i.C.Lock(); i.C.Unlock(); i.B.Unlock(); }
    void CA(Outer o, Inner i) { i.C.Lock(); {|LD0001:o.A.Lock()|}; o.A.Unlock(); i.C.Unlock(); }
}");

        [Fact]
        public Task ABCDBDDA_OnlyTheBackEdgeWarns() => Verify.Diagnostics(@"
using LockDiscipline;
class L
{
    [AcquiredBefore(typeof(L), nameof(B))] public readonly Spin A = new Spin();
    [AcquiredBefore(typeof(L), nameof(C))] public readonly Spin B = new Spin();
    [AcquiredBefore(typeof(L), nameof(D))] public readonly Spin C = new Spin();
    public readonly Spin D = new Spin();

    void AB() { A.Lock(); B.Lock(); B.Unlock(); A.Unlock(); }
    void CD() { C.Lock(); D.Lock(); D.Unlock(); C.Unlock(); }
    void BD() { B.Lock(); D.Lock(); D.Unlock(); B.Unlock(); }
    void DA() { D.Lock(); {|LD0001:A.Lock()|}; A.Unlock(); D.Unlock(); }
}");

        [Fact]
        public Task AA_TwoInstancesOfOneClass_NotAnOrderViolation_ButLD0015() => Verify.Diagnostics(@"
class C1
{
    void M(Outer x, Outer y) { {|#1:x.A.Lock()|}; {|#0:y.A.Lock()|}; y.A.Unlock(); x.A.Unlock(); }
}",
            // Not LD0001 (one lock class cannot be out of order with itself); to lockdep it is the same
            // lock taken twice, which LD0015 reports unless taken with [AcquiresNested].
            Verify.Warning("LD0015").WithLocation(0).WithLocation(1));

        [Fact]
        public Task TrylockAgainstOrder_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        if (o.A.TryLock())
        {
            o.A.Unlock();
        }
        i.B.Unlock();
    }
}");

        [Fact]
        public Task RelockOnFailure_DoneRight_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        if (!o.A.TryLock())
        {
            i.B.Unlock();
            o.A.Lock();
            i.B.Lock();
        }
        i.B.Unlock();
        o.A.Unlock();
    }
}");

        [Fact]
        public Task RelockWithoutTrylock_WhileHoldingLater_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        if (!o.A.TryLock())
        {
            {|LD0001:o.A.Lock()|};
        }
        i.B.Unlock();
        o.A.Unlock();
    }
}");

        [Fact]
        public Task TryResultKeptInBool_ThenRelockInOrder_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        bool got = o.A.TryLock();
        if (!got)
        {
            i.B.Unlock();
            o.A.Lock();
            i.B.Lock();
        }
        i.B.Unlock();
        o.A.Unlock();
    }
}");

        [Fact]
        public Task ThroughCalleeAcquires_Warns() => Verify.Diagnostics(@"
using LockDiscipline;
class C1
{
    [Acquires(""o.A"")] static void LockA(Outer o) => o.A.Lock();

    void M(Outer o, Inner i)
    {
        i.B.Lock();
        {|LD0001:LockA(o)|};
        o.A.Unlock();
        i.B.Unlock();
    }
}");

        [Fact]
        public Task RequiresOnEntry_HeldLockCounts() => Verify.Diagnostics(@"
using LockDiscipline;
class C1
{
    [Requires(""i.B"")]
    void M(Outer o, Inner i)
    {
        {|LD0001:o.A.Lock()|};
        o.A.Unlock();
    }
}");

        [Fact]
        public Task LockedOnlyInOneBranch_WarnsOnThatPath() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i, bool c)
    {
        if (c) i.B.Lock(); else o.A.Lock();
        if (c) { {|LD0001:o.A.Lock()|}; o.A.Unlock(); i.B.Unlock(); }
        else o.A.Unlock();
    }
}");

        [Fact]
        public Task ReleasedBeforeTheEarlierLock_NoWarning_AcrossLoopsSwitchAndEarlyReturn() => Verify.Diagnostics(@"
class C1
{
    int M(Outer o, Inner i, int n)
    {
        for (var k = 0; k < n; k++)
        {
            i.B.Lock();
            if (k == 3) { i.B.Unlock(); continue; }
            if (k == 5) { i.B.Unlock(); break; }
            switch (k)
            {
                case 1: i.B.Unlock(); return 1;
                default: i.B.Unlock(); break;
            }
        }
        o.A.Lock();
        o.A.Unlock();
        return 0;
    }
}");

        [Fact]
        public Task HeldAcrossLoopBackEdge_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i, int n)
    {
        for (var k = 0; {|#1:k < n|}; k++)
        {
            {|LD0001:o.A.Lock()|};
            o.A.Unlock();
            {|#0:i.B.Lock()|};
        }

        i.B.Unlock();
    }
}",
            // B is taken on every iteration and never released inside the loop: on the second
            // iteration A is taken under it (LD0001), and the loop head meets paths with and without
            // B that nothing tells apart (LD0007), which says all that is left to say about B.
            Verify.Warning("LD0007").WithLocation(0).WithLocation(1));

        [Fact]
        public Task ShortCircuitAndConditional_TrylockInCondition_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Outer? o, Inner i, bool c)
    {
        i.B.Lock();
        if (o != null && o.A.TryLock()) o.A.Unlock();
        if (!c && o != null && o.A.TryLock()) { o.A.Unlock(); }
        var got = o != null && o.A.TryLock();
        if (got) o.A.Unlock();
        i.B.Unlock();
    }
}");

        [Fact]
        public Task TryFinally_LockReleasedInFinally_ThenEarlierLock_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i, bool c)
    {
        i.B.Lock();
        try
        {
            if (c) throw new System.Exception();
        }
        finally
        {
            i.B.Unlock();
        }
        o.A.Lock();
        o.A.Unlock();
    }
}");

        [Fact]
        public Task InsideFinally_WhileLaterHeld_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        try { }
        finally
        {
            {|LD0001:o.A.Lock()|};
            o.A.Unlock();
        }
        i.B.Unlock();
    }
}");

        [Fact]
        public Task Goto_JumpsOverTheRelease_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i, bool c)
    {
        i.B.Lock();
        if (c) goto skip;
        i.B.Unlock();
        return;
    skip:
        {|LD0001:o.A.Lock()|};
        o.A.Unlock();
        i.B.Unlock();
    }
}");

        [Fact]
        public Task NullConditionalCall_AcquiresOnNonNullPath() => Verify.Diagnostics(@"
class C1
{
    void M(Outer? o, Inner i)
    {
        i.B.Lock();
        {|LD0001:o?.A.Lock()|};
        o?.A.Unlock();
        i.B.Unlock();
    }
}");

        [Fact]
        public Task LambdaAndLocalFunction_AreTheirOwnBodies() => Verify.Diagnostics(@"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        System.Action later = () => { o.A.Lock(); o.A.Unlock(); };
        void Local() { o.A.Lock(); o.A.Unlock(); }
        void LocalBad() { i.B.Lock(); {|LD0001:o.A.Lock()|}; o.A.Unlock(); i.B.Unlock(); }
        i.B.Unlock();
        later();
        Local();
    }
}");

        [Fact]
        public Task LockStatementOnOrderedObjectFields() => Verify.Diagnostics(@"
using LockDiscipline;
class Cache
{
    [AcquiredBefore(typeof(Cache), nameof(_entries))] private readonly object _index = new object();
    private readonly object _entries = new object();

    void Good() { lock (_index) { lock (_entries) { } } }
    void Bad() { lock (_entries) { lock ({|LD0001:_index|}) { } } }
}");

        [Fact]
        public Task MonitorAndSpinLockBuiltIns_OrderedByField() => Verify.Diagnostics(@"
using System.Threading;
using LockDiscipline;
class Q
{
    [AcquiredBefore(typeof(Q), nameof(_spin))] private readonly object _gate = new object();
    private SpinLock _spin = new SpinLock(false);

    void Bad()
    {
        bool taken = false;
        _spin.Enter(ref taken);
        {|#0:Monitor.Enter(_gate)|};
        Monitor.Exit(_gate);
        if (taken) _spin.Exit();
    }
}",
            // Taking a Monitor under a SpinLock is both out of order and a blocking acquire in atomic context.
            Verify.Warning("LD0001").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations),
            Verify.Warning("LD0002").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations));
    }
}

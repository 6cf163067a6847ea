using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// Blocking .NET locks under a spin lock (LD0002), maybe-null handles made non-null by an assignment or a
    /// pattern (LD0003), and values derived from a guarded read that go stale with it (LD0011): each
    /// must-warn beside its must-not-warn twin.
    /// </summary>
    public class HandleAndStaleGapTests
    {
        [Fact]
        public Task SystemThreadingLock_UnderASpinLock_EveryFormWarns() => Verify.Diagnostics(@"
using System.Threading;
" + ThreadingLockStub.Source + @"
class Queue
{
    private readonly Lock _gate = new Lock();
    void A(Spin s) { {|#3:s.Lock()|}; lock ({|#0:_gate|}) { } s.Unlock(); }
    void B(Spin s) { {|#4:s.Lock()|}; {|#1:_gate.Enter()|}; _gate.Exit(); s.Unlock(); }
    void C(Spin s) { {|#5:s.Lock()|}; using ({|#2:_gate.EnterScope()|}) { } s.Unlock(); }
}",
            Verify.Warning("LD0002").WithLocation(0).WithLocation(3),
            Verify.Warning("LD0002").WithLocation(1).WithLocation(4),
            Verify.Warning("LD0002").WithLocation(2).WithLocation(5));

        [Fact]
        public Task SystemThreadingLock_AfterTheSpinLockIsReleased_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
" + ThreadingLockStub.Source + @"
class Queue
{
    private readonly Lock _gate = new Lock();
    void A(Spin s) { s.Lock(); s.Unlock(); lock (_gate) { } }
    void B(Spin s) { s.Lock(); s.Unlock(); _gate.Enter(); _gate.Exit(); }
    void C(Spin s) { using (_gate.EnterScope()) { s.Lock(); s.Unlock(); } }
}");

        [Fact]
        public Task MaybeNullHandle_MadeNonNull_ByAssignmentOrPattern_NoWarning() => Verify.Diagnostics(@"
class Pages
{
    void New(int addr) { var p = Ptes.Get(addr); p = new Pte(new object()); Ptes.Unmap(p); }
    void CoalesceAssign(int addr) { var o = Ptes.Lookup(addr); o ??= new object(); Ptes.Free(o); }
    void FromChecked(int addr) { var o = Ptes.Lookup(addr); var other = Ptes.Lookup(addr + 1); if (other == null) return; o = other; Ptes.Free(o); }
    void PropertyPattern(int addr) { var o = Ptes.Lookup(addr); if (o is { }) Ptes.Free(o); }
    void NotNullPattern(int addr) { var o = Ptes.Lookup(addr); if (o is not null) Ptes.Free(o); }
    void DeclarationPattern(int addr) { var o = Ptes.Lookup(addr); if (o is string s) Ptes.Free(o); }
    void RecursivePattern(int addr) { var o = Ptes.Lookup(addr); if (o is string { Length: > 0 }) Ptes.Free(o); }
    void NegatedTypeThenReturn(int addr) { var o = Ptes.Lookup(addr); if (o is not string) return; Ptes.Free(o); }
}");

        [Fact]
        public Task MaybeNullHandle_WherePatternsAndAssignmentsLeaveItMaybeNull_Warns() => Verify.Diagnostics(@"
class Pages
{
    void Reassigned(int addr) { var o = Ptes.Lookup(addr); if (o == null) return; o = Ptes.Lookup(addr + 1); Ptes.Free({|#0:o|}); }
    void FailedTypeTest(int addr) { var o = Ptes.Lookup(addr); if (o is string) return; Ptes.Free({|#1:o|}); }
    void NegatedTypeMatched(int addr) { var o = Ptes.Lookup(addr); if (o is not string) Ptes.Free({|#2:o|}); }
    void CoalesceAssignFromMaybeNull(int addr) { var o = Ptes.Lookup(addr); o ??= Ptes.Lookup(addr + 1); Ptes.Free({|#3:o|}); }
}",
            Verify.Warning("LD0003").WithLocation(0).WithArguments("o", "'Free()'", "page"),
            Verify.Warning("LD0003").WithLocation(1).WithArguments("o", "'Free()'", "page"),
            Verify.Warning("LD0003").WithLocation(2).WithArguments("o", "'Free()'", "page"),
            Verify.Warning("LD0003").WithLocation(3).WithArguments("o", "'Free()'", "page"));

        [Fact]
        public Task ValuesDerivedFromAGuardedRead_GoStaleWithIt() => Verify.Diagnostics(@"
using LockDiscipline;
class Table
{
    public readonly Spin L = new Spin();
    [GuardedBy(""L"")] public System.Collections.Generic.List<int> Items = new System.Collections.Generic.List<int>();
    [GuardedBy(""L"")] public int Count;
    void Scan()
    {
        L.Lock();
        var n = Items.Count;
        var m = Count + 1;
        var copy = Items.ToArray();
        {|#3:Sched.CondReschedLock(L)|};
        System.Console.WriteLine({|#0:n|});
        System.Console.WriteLine({|#1:m|});
        System.Console.WriteLine({|#2:copy|});
        L.Unlock();
    }
}",
            Verify.Warning("LD0011").WithLocation(0).WithLocation(3).WithArguments("n", "L", "'CondReschedLock()'", 14),
            Verify.Warning("LD0011").WithLocation(1).WithLocation(3).WithArguments("m", "L", "'CondReschedLock()'", 14),
            Verify.Warning("LD0011").WithLocation(2).WithLocation(3).WithArguments("copy", "L", "'CondReschedLock()'", 14));

        [Fact]
        public Task ValuesDerivedFromAGuardedRead_ReadAgainAfterTheDrop_NoWarning() => Verify.Diagnostics(@"
using LockDiscipline;
class Table
{
    public readonly Spin L = new Spin();
    [GuardedBy(""L"")] public System.Collections.Generic.List<int> Items = new System.Collections.Generic.List<int>();
    [GuardedBy(""L"")] public int Count;
    void Scan()
    {
        L.Lock();
        var n = Items.Count;
        var m = Count + 1;
        System.Console.WriteLine(n + m);
        Sched.CondReschedLock(L);
        n = Items.Count;
        m = Count + 1;
        System.Console.WriteLine(n + m);
        var local = 3;
        var derivedFromUnguarded = local * 2;
        System.Console.WriteLine(derivedFromUnguarded);
        L.Unlock();
    }
}");
    }
}

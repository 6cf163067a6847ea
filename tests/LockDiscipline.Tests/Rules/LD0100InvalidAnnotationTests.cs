using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0100: annotations that cannot mean anything are errors, on the attribute.</summary>
    public class LD0100InvalidAnnotationTests
    {
        [Fact]
        public Task UnresolvedLockExpressions_AreErrorsWithTheReason() => Verify.Diagnostics(@"
using LockDiscipline;
class C1
{
    public readonly Spin Gate = new Spin();

    [{|#0:Acquires(""Gat"")|}] void A() { }
    [{|#1:Requires(""other.Gate"")|}] void B(C1 c) { }
    [{|#2:Releases(""c.Missing"")|}] void R(C1 c) { }
    [{|#3:Acquires|}] void NoLockNamed() { }
}",
            Verify.Error("LD0100").WithLocation(0).WithArguments("[Acquires] on 'A': 'Gat' is not 'this', a parameter, a field or property of 'C1', or a type"),
            Verify.Error("LD0100").WithLocation(1).WithArguments("[Requires] on 'B': 'other' is not 'this', a parameter, a field or property of 'C1', or a type"),
            Verify.Error("LD0100").WithLocation(2).WithArguments("[Releases] on 'R': 'C1' has no field or property 'Missing'"),
            Verify.Error("LD0100").WithLocation(3).WithArguments("[Acquires] on 'NoLockNamed': it names no lock, and 'C1' is not a [LockType]"));

        [Fact]
        public Task EveryFormOfLockExpression_Resolves() => Verify.Diagnostics(@"
using LockDiscipline;
static class Globals { public static readonly Spin Big = new Spin(); }
class Mm { public readonly Spin PageTableLock = new Spin(); }
class Vma { public Mm Mm { get; } = new Mm(); }
class C1
{
    public readonly Spin Gate = new Spin();
    [Acquires(""this"")] void T() { }
    [Acquires(""Gate"")] void F() { }
    [Acquires(""this.Gate"")] void G() { }
    [Acquires(""s"")] void P(Spin s) { }
    [Acquires(""vma.Mm.PageTableLock"")] void D(Vma vma) { }
    [Acquires(""Globals.Big"")] void S() { }
    [TryAcquires(true, ""Gate"")] bool Try() => true;
    [GuardedBy(""Gate"")] int _count;
}");

        [Fact]
        public Task WrongTargets_AreErrors() => Verify.Diagnostics(@"
using LockDiscipline;
class C1
{
    public readonly Spin Gate = new Spin();

    [{|#0:TryAcquires(true, ""Gate"")|}] void NotBool() { }
    void N([{|#1:NonNullHandle|}] int x) { }
    [return: {|#2:MaybeNullHandle|}] int Count() => 0;
    void O([{|#3:MaybeNullHandle|}] Pte byValue) { }
    [{|#4:GuardedBy(""Nope"")|}] int _x;
    [{|#5:AcquiredBefore(typeof(C1), ""Nope"")|}] public readonly Spin Other = new Spin();
}",
            Verify.Error("LD0100").WithLocation(0).WithArguments("[TryAcquires] on 'NotBool', which does not return bool"),
            Verify.Error("LD0100").WithLocation(1).WithArguments("[NonNullHandle] on parameter 'x', whose type 'Int32' is not a handle"),
            Verify.Error("LD0100").WithLocation(2).WithArguments("[return: MaybeNullHandle] on 'Count', whose return type 'Int32' is not a handle"),
            Verify.Error("LD0100").WithLocation(3).WithArguments("[MaybeNullHandle] on parameter 'byValue', which is not an out parameter of a handle type"),
            Verify.Error("LD0100").WithLocation(4).WithArguments("[GuardedBy] on '_x': 'Nope' is not 'this', a parameter, a field or property of 'C1', or a type"),
            Verify.Error("LD0100").WithLocation(5).WithArguments("[AcquiredBefore] on 'Other': 'C1' has no field or property 'Nope'"));

        [Fact]
        public Task AttributesDeclaredByTheUser_AreMatchedByFullName() => Verify.DiagnosticsWithoutPrelude(@"
namespace LockDiscipline
{
    using System;
    public enum LockKind { Spin, Blocking }
    [AttributeUsage(AttributeTargets.Class)] sealed class LockTypeAttribute : Attribute { public LockTypeAttribute(LockKind k) { } }
    [AttributeUsage(AttributeTargets.Method)] sealed class AcquiresAttribute : Attribute { public AcquiresAttribute(params string[] l) { } }
    [AttributeUsage(AttributeTargets.Method)] sealed class ReleasesAttribute : Attribute { public ReleasesAttribute(params string[] l) { } }
    [AttributeUsage(AttributeTargets.Method)] sealed class MightSleepAttribute : Attribute { }
}

namespace User
{
    using LockDiscipline;
    [LockType(LockKind.Spin)] class MySpin { [Acquires] public void Lock() { } [Releases] public void Unlock() { } }
    static class S { [MightSleep] public static void Nap() { } }
    class C { void M(MySpin l) { l.Lock(); {|LD0002:S.Nap()|}; l.Unlock(); } }
}");
    }
}

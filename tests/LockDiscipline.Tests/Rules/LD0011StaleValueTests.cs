using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0011: a value read under a lock, used after a call that may drop it, without a fresh read.</summary>
    public class LD0011StaleValueTests
    {
        private const string Table = @"
using LockDiscipline;

public sealed class Table
{
    public readonly Spin Lock = new Spin();
    [GuardedBy(nameof(Lock))] public Pte Head;

    [Requires(""Lock"")]
    [return: MaybeNullHandle]
    public Pte Lookup(int key) => Head;

    [MayDrop(""Lock"")] public void Grow() { Lock.Unlock(); Lock.Lock(); }
}
";

        [Fact]
        public Task HandleFromARequiresMethod_UsedAfterMayDrop_Warns_AtTheUse() => Verify.Diagnostics(Table + @"
class C1
{
    void M(Table t)
    {
        t.Lock.Lock();
        var p = t.Lookup(1);
        {|#1:t.Grow()|};
        if (!{|#0:p|}.IsNull) Ptes.Unmap(p);
        t.Lock.Unlock();
    }
}",
            Verify.Warning("LD0011").WithLocation(0).WithLocation(1).WithArguments("p", "t.Lock", "'Grow()'", 22));

        [Fact]
        public Task GuardedReadUsedAfterCondReschedLock_Warns() => Verify.Diagnostics(@"
using LockDiscipline;

public sealed class Queue
{
    public readonly Spin Lock = new Spin();
    [GuardedBy(nameof(Lock))] public object? Head;
}

class C1
{
    void M(Queue q)
    {
        q.Lock.Lock();
        var head = q.Head;
        Sched.CondReschedLock(q.Lock);
        System.GC.KeepAlive({|#0:head|});
        q.Lock.Unlock();
    }
}",
            Verify.Warning("LD0011").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations));

        [Fact]
        public Task ReadAgainAfterTheDrop_OrUsedBefore_NoWarning() => Verify.Diagnostics(Table + @"
class C1
{
    void M(Table t)
    {
        t.Lock.Lock();
        var p = t.Lookup(1);
        if (!p.IsNull) Ptes.Unmap(p);
        t.Grow();
        p = t.Lookup(1);
        if (!p.IsNull) Ptes.Unmap(p);
        t.Lock.Unlock();
    }
}");
    }
}

using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// A release wrapper that also takes and gives back a lock of its own (session 25, a search library's thread-state
    /// pool: <c>Release(state) { state.Unlock(); Enter(this); … Exit(this); }</c>). The pair on <c>this</c> is balanced
    /// and says nothing of which way the method goes; the slot's release does: the method releases its caller's lock.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        private const string SlotPoolHead = @"
using System.Threading;

public sealed class Slot
{
    private readonly object _gate = new object();
    public void Lock() { Monitor.Enter(_gate); }
    public void Unlock() { Monitor.Exit(_gate); }
}

public sealed class Worker
{
    public void Run(SlotPool pool, Slot slot)
    {
        slot.Lock();
        pool.Give(slot);
    }
}

public sealed class SlotPool
{
    private int _free;
";

        [Fact]
        public Task ReleaseWrapperWithABalancedPairOfItsOwn_ReleasesTheCallersLock_NoWarning() => Verify.Diagnostics(SlotPoolHead + @"
    public void Give(Slot slot)
    {
        slot.Unlock();
        Monitor.Enter(this);
        try { _free++; Monitor.PulseAll(this); }
        finally { Monitor.Exit(this); }
    }
}");

        /// <summary>
        /// A second release after the pair: no wrapper (a release after the pair is read as the body's own bug), so both
        /// releases inside are reported, and the caller that handed its slot over keeps it.
        /// </summary>
        [Fact]
        public Task ReleaseWrapperWithABalancedPair_ReleasingTwice_Warns() => Verify.Diagnostics(SlotPoolHead + @"
    public void Give(Slot slot)
    {
        {|#1:slot.Unlock()|};
        Monitor.Enter(this);
        try { _free++; Monitor.PulseAll(this); }
        finally { Monitor.Exit(this); }
        {|#2:slot.Unlock()|};
    }
}", Verify.Warning("LD0004").WithSpan("/0/Test1.cs", 15, 9, 15, 20).WithArguments("slot._gate", 15, "'Run()'", "returns"),
            Verify.Warning("LD0006").WithLocation(1).WithArguments("slot._gate"),
            Verify.Warning("LD0006").WithLocation(2).WithArguments("slot._gate"));

        /// <summary>A pair beside a lock taken after it and kept is a leak, not an acquire wrapper (a reviewer's case).</summary>
        [Fact]
        public Task PairThenALockKept_IsALeakNotAWrapper_Warns() => Verify.Diagnostics(@"
using System.Threading;

public sealed class Account
{
    private readonly object _a = new object();
    private readonly object _b = new object();
    private int _x;

    public void Transfer()
    {
        Monitor.Enter(_a);
        {|#0:Monitor.Enter(_b)|};
        _x++;
        Monitor.Exit(_a);
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_b", 13, "'Transfer()'", "returns"));

        /// <summary>A release after the pair, of a lock never taken, is a bug, not a release wrapper (a reviewer's case).</summary>
        [Fact]
        public Task PairThenAReleaseOfALockNeverTaken_IsNoWrapper_Warns() => Verify.Diagnostics(@"
using System.Threading;

public sealed class Account
{
    private readonly object _a = new object();
    private readonly object _b = new object();
    private int _x;

    public void Swap()
    {
        Monitor.Enter(_a);
        _x++;
        Monitor.Exit(_a);
        {|#0:Monitor.Exit(_b)|};
    }
}", Verify.Warning("LD0006").WithLocation(0).WithArguments("_b"));
    }
}

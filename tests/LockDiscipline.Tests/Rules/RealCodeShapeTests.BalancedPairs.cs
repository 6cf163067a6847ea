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

        [Fact]
        public Task ReleaseWrapperWithABalancedPair_ReleasingTwice_Warns() => Verify.Diagnostics(SlotPoolHead + @"
    public void Give(Slot slot)
    {
        slot.Unlock();
        Monitor.Enter(this);
        try { _free++; Monitor.PulseAll(this); }
        finally { Monitor.Exit(this); }
        {|#0:slot.Unlock()|};
    }
}", Verify.Warning("LD0006").WithLocation(0).WithArguments("slot._gate"));
    }
}

using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// <c>Debug.Assert(!Monitor.IsEntered(x))</c> asserts that <c>x</c> is not held: it must not invent a held
    /// lock (no LD0007, no order edge); its positive twin asserts that <c>x</c> is held, which orders what follows.
    /// </summary>
    public class AssertNotHeldTests
    {
        [Fact]
        public Task AssertThatALockIsNotHeld_InventsNoHeldLock() => Verify.Diagnostics(@"
using System.Diagnostics;
using System.Threading;
public sealed class Pool
{
    private readonly object _gate = new object();
    private readonly object _stats = new object();
    public void Refill(bool more)
    {
        Debug.Assert(!Monitor.IsEntered(_gate));
        if (more)
        {
            lock (_stats) { }
        }
        lock (_gate) { }
    }
    public void Count()
    {
        lock (_gate) { lock (_stats) { } }
    }
}");

        [Fact]
        public Task AssertThatALockIsHeld_OrdersWhatFollows() => Verify.Diagnostics(@"
using System.Diagnostics;
using System.Threading;
public sealed class Pool
{
    private readonly object _gate = new object();
    private readonly object _stats = new object();
    public void RefillLocked()
    {
        Debug.Assert({|#3:Monitor.IsEntered(_gate)|});
        lock ({|#0:_stats|}) { }
    }
    public void Count()
    {
        lock ({|#2:_stats|}) { lock ({|#1:_gate|}) { } }
    }
}", Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithLocation(3).WithLocation(2)
    .WithArguments("Pool._stats taken while holding Pool._gate at Test1.cs:11; Pool._gate taken while holding Pool._stats at Test1.cs:15"));
    }
}

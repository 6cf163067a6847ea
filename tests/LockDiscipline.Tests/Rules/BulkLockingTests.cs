using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>Lock striping: every element of a collection locked in one loop and released in another.</summary>
    public class BulkLockingTests
    {
        [Fact]
        public Task EveryStripeLockedInALoop_AndReleasedInAnother_NoWarning() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;
public sealed class StripedCounter
{
    private readonly object[] _stripes = { new object(), new object(), new object(), new object() };
    private readonly int[] _counts = new int[4];

    public void Add(int key)
    {
        lock (_stripes[key & 3]) { _counts[key & 3]++; }
    }

    private void LockEvery() { foreach (var stripe in _stripes) Monitor.Enter(stripe); }
    private void UnlockEvery() { foreach (var stripe in _stripes) Monitor.Exit(stripe); }

    public int Total()
    {
        LockEvery();
        try
        {
            var sum = 0;
            foreach (var c in _counts) sum += c;
            return sum;
        }
        finally { UnlockEvery(); }
    }

    public void Reset(IEnumerable<object> gates)
    {
        foreach (var gate in gates) Monitor.Enter(gate);
        _counts[0] = 0;
        foreach (var gate in gates) Monitor.Exit(gate);
    }
}");

        [Fact]
        public Task AnElementLockLeftHeldByAnEarlyReturnInsideTheLoop_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Stripes
{
    private readonly object[] _stripes = { new object(), new object() };

    public bool AnyBusy(int limit)
    {
        foreach (var stripe in _stripes)
        {
            {|#0:Monitor.Enter(stripe)|};
            if (limit-- == 0) return true;
            Monitor.Exit(stripe);
        }

        return false;
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("stripe", 11, "'AnyBusy()'", "returns on some path"));

        /// <summary>A pool whose slots each carry a lock, locked one by one through a <c>for</c> loop's index (session 24, a search library's abort-all).</summary>
        private const string SlotPool = @"
using System.Threading;

class Slot
{
    private readonly object _gate = new object();
    public void Lock() { Monitor.Enter(_gate); }
    public void Unlock() { Monitor.Exit(_gate); }
}

class Pool
{
    private readonly Slot[] _slots = { new Slot(), new Slot() };

    public void UnlockAll()
    {
        foreach (var slot in _slots) slot.Unlock();
    }

    public void LockAll()
    {
";

        [Fact]
        public Task EverySlotLockedThroughTheForLoopsIndex_NoWarning() => Verify.Diagnostics(SlotPool + @"
        for (int i = 0; i < _slots.Length; i++)
        {
            var slot = _slots[i];
            slot.Lock();
        }
    }
}");

        [Fact]
        public Task OneSlotLockedOnEveryIterationOfAForLoop_Warns() => Verify.Diagnostics(SlotPool + @"
        for (int i = 0; {|#1:i < _slots.Length|}; i++)
        {
            var slot = _slots[0];
            {|#0:slot.Lock()|};
        }
    }
}", Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("slot._gate", 26, 23));
    }
}

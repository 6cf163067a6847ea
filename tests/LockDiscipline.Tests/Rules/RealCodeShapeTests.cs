using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// False positives found on real, unannotated libraries (benchmarks/RealCode/DIAGNOSTICS.md), each written
    /// fresh in the same shape, beside the must-warn twin that shows the rule still works there.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        [Fact]
        public Task SemaphoreAsSignal_DrainedWithWaitZero_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Doorbell
{
    private readonly object _flagsGate = new object();
    private readonly SemaphoreSlim _rings = new SemaphoreSlim(0);
    private bool _pending;

    public void Silence()
    {
        lock (_flagsGate) { _pending = false; }
        while (_rings.Wait(0)) { }
    }

    public void Ring()
    {
        lock (_flagsGate) { _pending = true; }
        _rings.Release();
    }
}");

        [Fact]
        public Task SemaphoreAsSignal_ConsumerTakesOnePermitPerItem_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Collections.Concurrent;
using System.Threading;
public sealed class Conveyor
{
    private readonly ConcurrentQueue<int> _parts = new ConcurrentQueue<int>();
    private readonly SemaphoreSlim _ready = new SemaphoreSlim(0);
    private volatile bool _halted;

    public void Load(int part) { _parts.Enqueue(part); _ready.Release(); }

    public void Run(Action<int> assemble)
    {
        while (true)
        {
            _ready.Wait();
            if (_halted) return;
            if (_parts.TryDequeue(out var part)) assemble(part);
        }
    }
}");

        [Fact]
        public Task SemaphoreAsSignal_SurplusSwallowedUnderAMonitor_NoDeadlockReported() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;
public sealed class Ticker
{
    private readonly object _gate = new object();
    private readonly SemaphoreSlim _wake = new SemaphoreSlim(0);
    private readonly Queue<int> _due = new Queue<int>();

    public void Loop()
    {
        while (true)
        {
            _wake.Wait();
            lock (_gate)
            {
                while (_wake.CurrentCount > 0) _wake.Wait();
                _due.Clear();
            }
        }
    }

    public void Add(int tick)
    {
        lock (_gate)
        {
            _due.Enqueue(tick);
            _wake.Release();
        }
    }
}");

        [Fact]
        public Task SemaphoreAsAsyncMutex_EarlyReturnBeforeTheTry_Warns() => Verify.Diagnostics(@"
using System.Threading;
using System.Threading.Tasks;
public sealed class Journal
{
    private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
    private int _length;

    public async Task Append(int n)
    {
        await {|#0:_mutex.WaitAsync()|};
        if (n == 0) return;
        try { _length += n; }
        finally { _mutex.Release(); }
    }

    public async Task AppendSafely(int n)
    {
        await _mutex.WaitAsync();
        try { _length += n; }
        finally { _mutex.Release(); }
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_mutex", 11, "'Append()'", "returns on some path"));

        [Fact]
        public Task SemaphoreAsASlotOrASignal_ReleasedOnOnePathOrElsewhere_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
public sealed class Workers
{
    private readonly SemaphoreSlim _slots = new SemaphoreSlim(4);
    private readonly SemaphoreSlim _items = new SemaphoreSlim(0);
    private readonly ConcurrentQueue<int> _queue = new ConcurrentQueue<int>();
    private volatile bool _stopping;
    private bool _paused;

    // A slot is taken here and given back by the work's continuation, or at once if stopping.
    public async Task<bool> TryStart(Func<Task> work)
    {
        await _slots.WaitAsync();
        if (_stopping)
        {
            _slots.Release();
            return false;
        }
        _ = work().ContinueWith(_ => _slots.Release());
        return true;
    }

    // One permit per item; the last reader puts its permit back for the next caller.
    public bool Next(out int item)
    {
        _items.Wait();
        if (_queue.TryDequeue(out item)) return true;
        _items.Release();
        return false;
    }

    // Pausing drains stale resume permits; resuming gives one.
    public void Toggle(bool pause)
    {
        _paused = pause;
        if (pause)
        {
            while (_items.Wait(0)) { }
        }
        else
        {
            _items.Release();
        }
    }
}");

        [Fact]
        public Task ReenteringAHeldMonitorBeneathACall_AddsNoOrder() => Verify.Diagnostics(@"
public static class Clocks
{
    private static readonly object Outer = new object();
    private static readonly object Inner = new object();

    public static void Rescan()
    {
        lock (Outer)
        {
            Wake();
        }
    }

    private static void Wake()
    {
        lock (Inner) { }
    }

    public static void OnTimeChanged()
    {
        lock (Outer)
        {
            lock (Inner)
            {
                Rescan();
            }
        }
    }
}");

        [Fact]
        public Task TheSameGatesInOppositeOrders_StillADeadlock() => Verify.Diagnostics(@"
public static class Clocks
{
    private static readonly object Outer = new object();
    private static readonly object Inner = new object();

    public static void Rescan()
    {
        lock ({|#3:Outer|})
        {
            lock ({|#0:Inner|}) { }
        }
    }

    public static void OnTimeChanged()
    {
        lock ({|#2:Inner|})
        {
            lock ({|#1:Outer|}) { }
        }
    }
}", Verify.Warning("LD0010").WithLocation(1).WithLocation(0).WithLocation(2).WithLocation(3)
    .WithArguments("Clocks.Outer taken while holding Clocks.Inner at Test1.cs:19; Clocks.Inner taken while holding Clocks.Outer at Test1.cs:11"));
    
        /// <summary>The shape files of DIAGNOSTICS.md (benchmarks/RealCode/shapes), S1–S7, read where they are: each raises nothing.</summary>
        public static IEnumerable<object[]> ShapeFiles =>
            Directory.GetFiles(ShapesDirectory, "*.cs").OrderBy(p => p, System.StringComparer.Ordinal).Select(p => new object[] { Path.GetFileName(p) });

        [Theory]
        [MemberData(nameof(ShapeFiles))]
        public Task EveryRealCodeShapeFile_NoWarning(string file) => Verify.Diagnostics(File.ReadAllText(Path.Combine(ShapesDirectory, file)));

        private static string ShapesDirectory => Path.Combine(DirectRunner.RepoRoot, "benchmarks", "RealCode", "shapes");
    }
}

using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// LD0013, inconsistent synchronization: a private member accessed under a common lock at two sites or
    /// more, one a write, and written, changed or enumerated elsewhere without it.
    /// </summary>
    public class LD0013InconsistentSynchronizationTests
    {
        /// <summary>An LD0013 at markup <paramref name="location"/>, its message's arguments pinned (the guarded sites are not).</summary>
        internal static DiagnosticResult LD0013(int location, string member, string verb, string guard, int sites, string takenAt) =>
            Verify.Warning("LD0013").WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments(member, verb, guard, sites == 1 ? "1 other site" : $"{sites} other sites", takenAt);

        private static Task WithReads(string source, params DiagnosticResult[] expected) =>
            Verify.DiagnosticsWithOption("lockdiscipline.ld0013_report_reads", "true", withPrelude: true, source, expected);

        [Fact]
        public Task UnguardedAssignment_Warns_NamingTheLockAndWhereItIsTaken() => Verify.Diagnostics(@"
class Counter
{
    private readonly object _gate = new object();
    private int _count;

    public void Increment()
    {
        lock (_gate)
        {
            _count++;
        }
    }

    public int Read()
    {
        lock (_gate)
        {
            return _count;
        }
    }

    public void Reset()
    {
        {|#0:_count|} = 0;
    }
}",
            LD0013(0, "_count", "written", "_gate", 2, "line 9"));

        [Fact]
        public Task UnguardedWrite_SpelledWithAnEscape_Warns() => Verify.Diagnostics(@"
class Counter
{
    private readonly object _gate = new object();
    private int _count;

    public void Increment() { lock (_gate) { _count++; Zero(); } }

    public int Read() { lock (_gate) { return _count; } }

    public void Reset() { {|#0:_c\u006Funt|} = 0; }

    private void Zero() { {|#1:_count|} = 0; }

    public void ResetThroughAHelper() => Z\u0065ro();
}",
            LD0013(0, "_count", "written", "_gate", 2, "line 7"),
            LD0013(1, "_count", "written", "_gate", 2, "line 7"));

        [Fact]
        public Task UnguardedWrite_NamesEveryGuardedSite_AsAdditionalLocations() => Verify.Diagnostics(@"
class Counter
{
    private readonly object _gate = new object();
    private int _count;

    public void Increment() { lock (_gate) { {|#1:_count|}++; } }

    public int Read() { lock (_gate) { return {|#2:_count|}; } }

    public void Reset() => {|#0:_count|} = 0;
}",
            Verify.Warning("LD0013").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("_count", "written", "_gate", "2 other sites", "line 7"));

        [Fact]
        public Task CompoundAssignment_AndIncrementDecrement_Warn() => Verify.Diagnostics(@"
class Account
{
    private readonly object _gate = new object();
    private long _balance;
    private int _operations;

    public void Deposit(long amount)
    {
        lock (_gate)
        {
            _balance += amount;
            _operations++;
        }
    }

    public long Withdraw(long amount)
    {
        lock (_gate)
        {
            _operations++;
            _balance -= amount;
            return _balance;
        }
    }

    public void Fee(long fee)
    {
        {|#0:_balance|} -= fee;
        {|#1:_operations|}--;
    }
}",
            LD0013(0, "_balance", "written", "_gate", 3, "line 10"),
            LD0013(1, "_operations", "written", "_gate", 2, "line 10"));

        [Fact]
        public Task CollectionMutations_AndIndexerSet_Warn() => Verify.Diagnostics(@"
using System.Collections.Generic;

class Registry
{
    private readonly object _gate = new object();
    private readonly List<string> _names = new List<string>();
    private readonly Dictionary<string, int> _ids = new Dictionary<string, int>();

    public void Register(string name, int id)
    {
        lock (_gate)
        {
            _names.Add(name);
            _ids[name] = id;
        }
    }

    public bool Has(string name)
    {
        lock (_gate)
        {
            return _names.Contains(name) && _ids.ContainsKey(name);
        }
    }

    public void Forget(string name)
    {
        {|#0:_names|}.Remove(name);
        {|#1:_ids|}.Remove(name);
    }

    public void Reset(string name)
    {
        {|#2:_names|}.Clear();
        {|#3:_ids|}[name] = 0;
    }
}",
            LD0013(0, "_names", "changed", "_gate", 2, "line 12"),
            LD0013(1, "_ids", "changed", "_gate", 2, "line 12"),
            LD0013(2, "_names", "changed", "_gate", 2, "line 12"),
            LD0013(3, "_ids", "changed", "_gate", 2, "line 12"));

        [Fact]
        public Task ForeachOverAGuardedCollection_Warns() => Verify.Diagnostics(@"
using System.Collections.Generic;

class Subscribers
{
    private readonly object _gate = new object();
    private readonly List<string> _items = new List<string>();

    public void Add(string item) { lock (_gate) { _items.Add(item); } }

    public void Remove(string item) { lock (_gate) { _items.Remove(item); } }

    public int Count()
    {
        var n = 0;
        foreach (var item in {|#0:_items|})
        {
            n += item.Length;
        }

        return n;
    }
}",
            LD0013(0, "_items", "enumerated", "_gate", 2, "line 9"));

        [Fact]
        public Task Monitor_GuardedSites_Warn() => Verify.Diagnostics(@"
using System.Threading;

class Counter
{
    private readonly object _gate = new object();
    private int _count;

    public void Add()
    {
        Monitor.Enter(_gate);
        try { _count++; }
        finally { Monitor.Exit(_gate); }
    }

    public void Sub()
    {
        var taken = false;
        try
        {
            Monitor.Enter(_gate, ref taken);
            _count--;
        }
        finally
        {
            if (taken) Monitor.Exit(_gate);
        }
    }

    public void Clear() { {|#0:_count|} = 0; }
}",
            LD0013(0, "_count", "written", "_gate", 2, "line 11"));

        [Fact]
        public Task SpinLock_GuardedSites_Warn() => Verify.Diagnostics(@"
using System.Threading;

class Counter
{
    private SpinLock _spin = new SpinLock(false);
    private int _count;

    public void Add()
    {
        var taken = false;
        try
        {
            _spin.Enter(ref taken);
            _count++;
        }
        finally
        {
            if (taken) _spin.Exit();
        }
    }

    public int Read()
    {
        var taken = false;
        try
        {
            _spin.Enter(ref taken);
            return _count;
        }
        finally
        {
            if (taken) _spin.Exit();
        }
    }

    public void Clear() { {|#0:_count|} = 0; }
}",
            LD0013(0, "_count", "written", "_spin", 2, "line 14"));

        [Fact]
        public Task SystemThreadingLock_GuardedSites_Warn() => Verify.Diagnostics(@"
using System.Threading;
" + ThreadingLockStub.Source + @"
class Counter
{
    private readonly Lock _lock = new Lock();
    private int _count;

    public void Add() { lock (_lock) { _count++; } }

    public void Sub()
    {
        using (_lock.EnterScope())
        {
            _count--;
        }
    }

    public void Clear() { {|#0:_count|} = 0; }
}",
            LD0013(0, "_count", "written", "_lock", 2, "line 20"));

        [Fact]
        public Task ReaderWriterLock_WriteUnderTheReadLock_Warns_ReadsUnderIt_DoNot() => Verify.Diagnostics(@"
using System.Threading;

class Cache
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private int _version;

    public int Version()
    {
        _rw.EnterReadLock();
        try { return _version; }
        finally { _rw.ExitReadLock(); }
    }

    public void Bump()
    {
        _rw.EnterWriteLock();
        try { _version++; }
        finally { _rw.ExitWriteLock(); }
    }

    public void BumpUnderReadLock()
    {
        _rw.EnterReadLock();
        try { {|#0:_version|}++; }
        finally { _rw.ExitReadLock(); }
    }

    public int Peek() => _version;
}",
            LD0013(0, "_version", "written", "_rw", 2, "line 11"));

        [Fact]
        public Task ReaderWriterLock_EnumerationUnderTheReadLock_IsGuarded_WithoutIt_Warns() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;

class Routes
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private readonly List<string> _routes = new List<string>();

    public void Add(string r)
    {
        _rw.EnterWriteLock();
        try { _routes.Add(r); }
        finally { _rw.ExitWriteLock(); }
    }

    public int Total()
    {
        _rw.EnterReadLock();
        try
        {
            var n = 0;
            foreach (var r in _routes) { n += r.Length; }
            return n;
        }
        finally { _rw.ExitReadLock(); }
    }

    public bool Any()
    {
        foreach (var r in {|#0:_routes|}) { return true; }
        return false;
    }
}",
            LD0013(0, "_routes", "enumerated", "_rw", 2, "line 12"));

        [Fact]
        public Task AnnotatedLockType_GuardedSites_Warn() => Verify.Diagnostics(@"
class Table
{
    private readonly SleepLock _lock = new SleepLock();
    private int _entries;

    public void Insert()
    {
        _lock.Lock();
        _entries++;
        _lock.Unlock();
    }

    public void Delete()
    {
        _lock.Lock();
        _entries--;
        _lock.Unlock();
    }

    public void Truncate() { {|#0:_entries|} = 0; }
}",
            LD0013(0, "_entries", "written", "_lock", 2, "line 9"));

        [Fact]
        public Task StaticFieldUnderAStaticLock_Warns() => Verify.Diagnostics(@"
static class Ids
{
    private static readonly object Gate = new object();
    private static int s_next;

    public static int Next() { lock (Gate) { return ++s_next; } }

    public static void Skip() { lock (Gate) { s_next += 2; } }

    public static void Restart() { {|#0:s_next|} = 0; }
}",
            LD0013(0, "s_next", "written", "Ids.Gate", 2, "line 7"));

        [Fact]
        public Task AutoProperty_Warns() => Verify.Diagnostics(@"
class Job
{
    private readonly object _gate = new object();
    private int Attempts { get; set; }

    public void Retry() { lock (_gate) { Attempts++; } }

    public bool CanRetry() { lock (_gate) { return Attempts < 3; } }

    public void Forget() { {|#0:Attempts|} = 0; }
}",
            LD0013(0, "Attempts", "written", "_gate", 2, "line 7"));

        [Fact]
        public Task UnguardedReads_NotReported_ByDefault() => Verify.Diagnostics(@"
class Counter
{
    private readonly object _gate = new object();
    private int _count;

    public void Increment() { lock (_gate) { _count++; } }

    public void Decrement() { lock (_gate) { _count--; } }

    public int Peek() => _count;

    public bool IsZero() { return _count == 0; }
}");

        [Fact]
        public Task UnguardedReads_Reported_WhenTheOptionIsOn() => WithReads(@"
class Counter
{
    private readonly object _gate = new object();
    private int _count;

    public void Increment() { lock (_gate) { _count++; } }

    public void Decrement() { lock (_gate) { _count--; } }

    public int Peek() => {|#0:_count|};
}",
            LD0013(0, "_count", "read", "_gate", 2, "line 7"));

        [Fact]
        public Task ConstructorAndInitializerWrites_NotReported() => Verify.Diagnostics(@"
using System.Collections.Generic;

class Pool
{
    private readonly object _gate = new object();
    private int _size = 4;
    private readonly List<int> _free = new List<int> { 1, 2 };

    public Pool(int size)
    {
        _size = size;
        _free.Add(size);
        foreach (var f in _free) { _size += f; }
    }

    static Pool() { }

    public void Grow() { lock (_gate) { _size++; _free.Add(_size); } }

    public void Shrink() { lock (_gate) { _size--; _free.Remove(_size); } }
}");

        [Fact]
        public Task VolatileField_InterlockedAndVolatileAccesses_NotReported() => Verify.Diagnostics(@"
using System.Threading;

class Flags
{
    private readonly object _gate = new object();
    private volatile bool _stopped;
    private int _count;
    private object _current;

    public void Stop() { lock (_gate) { _stopped = true; _count++; _current = null; } }

    public void Start() { lock (_gate) { _stopped = false; _count--; _current = new object(); } }

    public void Abort()
    {
        _stopped = true;
        Interlocked.Increment(ref _count);
        Volatile.Write(ref _current, null);
        Interlocked.Exchange(ref _current, new object());
    }
}");

        [Fact]
        public Task PrivateHelper_OnlyCalledWithTheLockHeld_NotReported() => Verify.Diagnostics(@"
using System.Collections.Generic;

class Buffer
{
    private readonly object _gate = new object();
    private readonly List<int> _items = new List<int>();
    private int _count;

    public void Add(int x)
    {
        lock (_gate)
        {
            _items.Add(x);
            _count++;
            if (_count > 10) Compact();
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            Compact();
        }
    }

    private void Compact()
    {
        _items.Clear();
        _count = 0;
        Reset();
    }

    private void Reset()
    {
        _count = 0;
    }
}");

        [Fact]
        public Task PrivateHelper_AlsoCalledWithoutTheLock_Warns() => Verify.Diagnostics(@"
class Buffer
{
    private readonly object _gate = new object();
    private int _count;

    public void Add() { lock (_gate) { _count++; Compact(); } }

    public void Remove() { lock (_gate) { _count--; } }

    public void Trim() { Compact(); }

    private void Compact() { {|#0:_count|} = 0; }
}",
            LD0013(0, "_count", "written", "_gate", 2, "line 7"));

        [Fact]
        public Task PrivateHelper_FirstCallWithoutTheLock_Warns() => Verify.Diagnostics(@"
class Buffer
{
    private readonly object _gate = new object();
    private int _count;

    public void Trim() { Compact(); }

    public void Add() { lock (_gate) { _count++; Compact(); } }

    public void Remove() { lock (_gate) { _count--; } }

    private void Compact() { {|#0:_count|} = 0; }
}",
            LD0013(0, "_count", "written", "_gate", 2, "line 9"));

        [Fact]
        public Task PrivateHelper_CalledWithoutTheLockOnlyByAHelperCalledUnderIt_NotReported() => Verify.Diagnostics(@"
class Buffer
{
    private readonly object _gate = new object();
    private int _count;

    private void Shrink() { Compact(); }

    public void Add() { lock (_gate) { _count++; Shrink(); } }

    public void Remove() { lock (_gate) { _count--; Compact(); } }

    private void Compact() { _count = 0; }
}");

        [Fact]
        public Task InternalHelper_AnOverloadOfAnotherArityCalledWithoutTheLock_NotReported() => Verify.Diagnostics(BufferTrimmedBy(@"
    internal void Compact() { _count = 0; }

    internal void Compact(int keep) { }"));

        [Fact]
        public Task InternalHelper_CalledWithoutTheLockWithAnOptionalArgument_Warns() => Verify.Diagnostics(BufferTrimmedBy(@"
    internal void Compact(int keep = 0) { {|#0:_count|} = keep; }"),
            LD0013(0, "_count", "written", "_gate", 2, "line 7"));

        /// <summary>An internal buffer that calls <c>Compact()</c> under its lock twice and <c>Compact(3)</c> without it, with the given helpers.</summary>
        private static string BufferTrimmedBy(string helpers) => @"
internal class Buffer
{
    private readonly object _gate = new object();
    private int _count;

    public void Add() { lock (_gate) { _count++; Compact(); } }

    public void Remove() { lock (_gate) { _count--; Compact(); } }

    public void Trim() { Compact(3); }
" + helpers + @"
}";

        [Fact]
        public Task TemplateMethod_TheBaseCallsWithTheLockHeld_NotReported() => Verify.Diagnostics(@"
abstract class Target
{
    protected readonly object SyncRoot = new object();

    public void Initialize() { lock (SyncRoot) { InitializeTarget(); } }

    public void Close() { lock (SyncRoot) { CloseTarget(); } }

    public void Dispose() { CloseTarget(); }

    protected virtual void InitializeTarget() { }

    protected virtual void CloseTarget() { }
}

sealed class FileTarget : Target
{
    private readonly object _timerGate = new object();
    private int _open;
    private object _timer;

    public void Write() { lock (SyncRoot) { _open++; } }

    public void Flush() { lock (SyncRoot) { _open--; } }

    public void Tick() { lock (_timerGate) { _timer = null; } }

    public void Change() { lock (_timerGate) { _timer = new object(); } }

    protected override void InitializeTarget() { _timer = new object(); }

    protected override void CloseTarget() { _open = 0; base.CloseTarget(); }
}");

        [Fact]
        public Task SetupBeforeThisEscapes_NotReported_ButAfterItIs() => Verify.Diagnostics(@"
using System;
using System.Collections.Generic;

interface IFeed { void Subscribe(Batcher b); }

class Batcher
{
    private readonly object _gate = new object();
    private readonly Queue<List<int>> _batches = new Queue<List<int>>();
    private int _count;

    public void Start(IFeed feed)
    {
        _count = 0;
        OpenBatch();
        ArmTimer();
        feed.Subscribe(this);
    }

    public void Restart(IFeed feed)
    {
        feed.Subscribe(this);
        {|#0:_count|} = 0;
    }

    public void OnNext(int x) { lock (_gate) { _count++; _batches.Peek().Add(x); } }

    public void Tick() { lock (_gate) { _count = 0; OpenBatch(); } }

    private void OpenBatch() { _batches.Enqueue(new List<int>()); }

    private void ArmTimer() { Schedule(() => Tick()); }

    private static void Schedule(Action a) { }
}",
            LD0013(0, "_count", "written", "_gate", 2, "line 27"));

        [Fact]
        public Task InternalTypesMethod_OnlyCalledThroughAnInterfaceUnderTheLock_NotReported() => Verify.Diagnostics(@"
using System.Collections.Generic;

interface IRegistry { void Clear(); }

static class Registries
{
    internal static readonly object SyncRoot = new object();
    private static readonly List<IRegistry> All = new List<IRegistry>();

    public static void ClearAll() { lock (SyncRoot) { foreach (var r in All) r.Clear(); } }
}

internal sealed class NameRegistry : IRegistry
{
    private readonly Dictionary<string, int> _names = new Dictionary<string, int>();

    public void Add(string name) { lock (Registries.SyncRoot) { _names[name] = 1; } }

    public bool Has(string name) { lock (Registries.SyncRoot) { return _names.ContainsKey(name); } }

    public void Clear() { _names.Clear(); }
}");

        [Fact]
        public Task DisposeAndFinalizer_NotReported() => Verify.Diagnostics(@"
using System.Collections.Generic;

class Connection
{
    private readonly object _gate = new object();
    private readonly List<int> _pending = new List<int>();
    private bool _closed;

    public void Send(int x) { lock (_gate) { if (!_closed) _pending.Add(x); } }

    public void Close() { lock (_gate) { _closed = true; _pending.Clear(); } }

    public void Dispose() { _closed = true; _pending.Clear(); }

    ~Connection() { _closed = true; }
}");

        [Fact]
        public Task HelpersThatCallEachOther_AllCalledUnderAnAsyncMutex_NotReported() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

class Store
{
    private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
    private readonly Dictionary<int, int> _orders = new Dictionary<int, int>();
    private readonly HashSet<int> _lines = new HashSet<int>();

    public async Task RemoveOrder(int id)
    {
        await _mutex.WaitAsync();
        try { await RemoveOrderUnlocked(id); }
        finally { _mutex.Release(); }
    }

    public async Task RemoveLine(int id)
    {
        await _mutex.WaitAsync();
        try { await RemoveLineUnlocked(id); _orders[id] = 0; }
        finally { _mutex.Release(); }
    }

    public async Task Add(int id)
    {
        await _mutex.WaitAsync();
        try { _orders[id] = id; _lines.Add(id); }
        finally { _mutex.Release(); }
    }

    private async Task RemoveOrderUnlocked(int id)
    {
        await RemoveLineUnlocked(id);
        _orders.Remove(id);
    }

    private async Task RemoveLineUnlocked(int id)
    {
        _lines.Remove(id);
        if (_lines.Count == 0) { await RemoveOrderUnlocked(id); }
    }
}");

        [Fact]
        public Task PrivateHelper_CalledFromTheConstructorAndUnderTheLock_NotReported() => Verify.Diagnostics(@"
class Window
{
    private readonly object _gate = new object();
    private int _start;

    public Window() { Reset(); }

    public void Slide() { lock (_gate) { _start++; } }

    public void Restart() { lock (_gate) { Reset(); _start--; } }

    private void Reset() { _start = 0; }
}");

        [Fact]
        public Task DoubleCheckedLocking_NotReported_EvenWithReadsOn() => WithReads(@"
using System.Threading;

class Lazy
{
    private readonly object _gate = new object();
    private object _value;
    private object _other;
    private object _third;

    public object Value
    {
        get
        {
            if (_value == null)
            {
                lock (_gate)
                {
                    if (_value == null)
                    {
                        _value = new object();
                    }
                }
            }

            return _value;
        }
    }

    public object Other()
    {
        if (Volatile.Read(ref _other) == null)
        {
            lock (_gate)
            {
                if (_other == null)
                {
                    Volatile.Write(ref _other, new object());
                    _other = _other ?? new object();
                }
            }
        }

        return Volatile.Read(ref _other);
    }

    public object Third()
    {
        if (_third == null)
        {
            lock (_gate)
            {
                if (_third == null)
                {
                    Interlocked.CompareExchange(ref _third, new object(), null);
                    _third = _third ?? new object();
                }
            }
        }

        return _third;
    }
}");

        [Fact]
        public Task OneGuardedSite_OrNoGuardedWrite_NotReported() => Verify.Diagnostics(@"
class Counter
{
    private readonly object _gate = new object();
    private int _once;
    private int _readOnlyUnderLock;

    public void A() { lock (_gate) { _once++; } }

    public int B() { lock (_gate) { return _readOnlyUnderLock; } }

    public int C() { lock (_gate) { return _readOnlyUnderLock + 1; } }

    public void D() { _once = 0; _readOnlyUnderLock = 0; }
}");

        [Fact]
        public Task LocksetIntersectionEmpty_NotReported() => Verify.Diagnostics(@"
class Counter
{
    private readonly object _a = new object();
    private readonly object _b = new object();
    private int _count;

    public void One() { lock (_a) { _count++; } }

    public void Two() { lock (_b) { _count++; } }

    public void Three() { _count = 0; }
}");

        [Fact]
        public Task ExplicitGuardedBy_IsLD0008_NotLD0013() => Verify.Diagnostics(@"
using LockDiscipline;

class Counter
{
    private readonly object _gate = new object();
    [GuardedBy(nameof(_gate))] private int _count;

    public void One() { lock (_gate) { _count++; } }

    public void Two() { lock (_gate) { _count--; } }

    public void Three() { {|#0:_count|} = 0; }
}",
            Verify.Warning("LD0008").WithLocation(0).WithArguments("Writing '_count'", "_gate", "GuardedBy"));

        [Fact]
        public Task StaticReadonlyField_AndLocals_NotReported() => WithReads(@"
using System.Collections.Generic;
using System.Collections.Concurrent;

class Catalog
{
    private static readonly object Gate = new object();
    private static readonly string Prefix = ""p"";
    private static readonly ConcurrentDictionary<string, int> Cache = new ConcurrentDictionary<string, int>();

    public static string One(string x) { lock (Gate) { var local = Prefix + x; local += ""!""; Cache[x] = 1; return local; } }

    public static string Two(string x) { lock (Gate) { var local = Prefix; Cache.TryAdd(x, 2); return local + x; } }

    public static string Three(string x) { var local = Prefix; local = x; Cache[x] = 3; Cache.Clear(); return local; }
}");

        [Fact]
        public Task WritesInLambdas_AnotherInstance_AndPublicFields_NotReported() => Verify.Diagnostics(@"
using System;
using System.Threading.Tasks;

class Node
{
    private readonly object _gate = new object();
    private int _count;
    public int Visible;

    public void One() { lock (_gate) { _count++; Visible++; } }

    public void Two() { lock (_gate) { _count--; Visible--; } }

    public void Later(Action<Action> run) { run(() => _count = 0); Task.Run(() => { _count++; }); }

    public void Other(Node other) { other._count = 0; Visible = 0; }
}");

        [Fact]
        public Task NoLockAnalysis_Body_NotReported() => Verify.Diagnostics(@"
using LockDiscipline;

class Counter
{
    private readonly object _gate = new object();
    private int _count;

    public void One() { lock (_gate) { _count++; } }

    public void Two() { lock (_gate) { _count--; } }

    [NoLockAnalysis] public void Three() { _count = 0; }
}");


        [Theory]
        [InlineData("lock (_missing) { _count++; }", "lock (_missing) { _count--; }", "_count = 0;")]
        [InlineData("lock (_gate) { _absent++; }", "lock (_gate) { _absent--; }", "_absent = 0;")]
        [InlineData("lock (_gate) { _count++; }", "lock (_gate) { _count--; }", "_count = ;")]
        [InlineData("lock (_gate) { _count++; }", "lock (_gate) { _count--; }", "_count.")]
        [InlineData("lock (_gate) { _count++; }", "lock (_gate { _count--; }", "_count = 0")]
        [InlineData("lock (_gate) { Missing(_count); }", "lock (_gate) { _count = Missing(); }", "(_count, _other) = (1, 2);")]
        public void IncompleteCode_RaisesNoLD0013_AndNothingThrows(string first, string second, string unguarded)
        {
            var source = @"
class Counter
{
    private readonly object _gate = new object();
    private int _count;

    public void One() { " + first + @" }

    public void Two() { " + second + @" }

    public void Three() { " + unguarded + @" }
}";
            var diagnostics = DirectRunner.Analyze(DirectRunner.Compile(new[] { ("Counter.cs", source), ("Prelude.cs", Prelude.Source) }));
            Assert.DoesNotContain(diagnostics, d => d.Id == "LD0013" || d.Id == "AD0001");
        }

        [Fact]
        public void CutOffAnywhere_EveryLD0013_IsAtAnAccessOfADeclaredMember()
        {
            const string source = @"
using System.Collections.Generic;

class Registry
{
    private readonly object _gate = new object();
    private readonly List<string> _names = new List<string>();
    private int _count;

    public void Add(string name) { lock (_gate) { _names.Add(name); _count++; } }

    public void Remove(string name) { lock (_gate) { _names.Remove(name); _count--; } }

    public void Reset() { _names.Clear(); _count = 0; foreach (var n in _names) { } }
}";
            for (var cut = 1; cut < source.Length; cut += 7)
            {
                var fragment = source.Substring(0, cut);
                var diagnostics = DirectRunner.Analyze(DirectRunner.Compile(new[] { ("Fragment.cs", fragment), ("Prelude.cs", Prelude.Source) }));
                foreach (var d in diagnostics.Where(d => d.Id == "LD0013"))
                {
                    var spelled = fragment.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);
                    Assert.True(spelled is "_names" or "_count", $"cut at {cut}: LD0013 at '{spelled}'");
                }
            }
        }
    }
}

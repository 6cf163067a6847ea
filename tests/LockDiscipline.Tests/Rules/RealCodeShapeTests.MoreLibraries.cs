using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// Shapes from the second round of real libraries (session 22: a document database, a concurrent key-value
    /// store, a networking framework, a cache), each written fresh, with the must-warn twin where the rule applies.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        /// <summary>
        /// A named mutex's open helper in the shape of a document database's: it owns the mutex after the wait, even
        /// when the wait throws <c>AbandonedMutexException</c>, and gives it back only if setting up fails.
        /// </summary>
        private const string SharedStoreThatOpens = @"
using System.Threading;
public sealed class SharedStore
{
    private readonly Mutex _mutex = new Mutex(false);
    private object? _engine;

    private void Open()
    {
        try { _mutex.WaitOne(); } catch (AbandonedMutexException) { }
        if (_engine == null)
        {
            try { _engine = new object(); }
            catch { _mutex.ReleaseMutex(); throw; }
        }
    }
";

        [Fact]
        public Task LockOnALocal_ACopyWalksAListInALoop_NoWarning() => Verify.Diagnostics(@"
public sealed class Link { public Link? Next; public int Key; }
public static class Chain
{
    private static Link Head() => new Link();

    public static Link? Find(int key)
    {
        Link first = Head();
        lock (first)
        {
            Link walker = first;
            while (true)
            {
                if (walker.Key == key) return walker;
                if (walker.Next == null) return null;
                walker = walker.Next;
            }
        }
    }
}");

        /// <summary>The twin: the lock is one name at the loop head, so a copy that moved on releases nothing it holds.</summary>
        [Fact]
        public Task ExplicitEnterOnALocal_ExitedThroughTheCopyThatMovedOn_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Link { public Link? Next; }
public static class Chain
{
    private static Link Head() => new Link();

    public static void Tail()
    {
        Link first = Head();
        {|#0:Monitor.Enter(first)|};
        Link walker = first;
        while (walker.Next != null) walker = walker.Next;
        {|#1:Monitor.Exit(walker)|};
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("first", "11", "'Tail()'", "returns"),
    Verify.Warning("LD0006").WithLocation(1).WithArguments("walker"));
        [Fact]
        public Task TryEnterWithAnInfiniteTimeout_ResultIgnored_IsAnEnter_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Threading;
public sealed class PageIndex
{
    private readonly ReaderWriterLockSlim _index = new ReaderWriterLockSlim();
    private readonly object _gate = new object();
    private int _version;

    public int Read()
    {
        _index.TryEnterReadLock(-1);
        try { return _version; }
        finally { _index.ExitReadLock(); }
    }

    public void Bump()
    {
        _index.TryEnterWriteLock(Timeout.Infinite);
        try { _version++; }
        finally { _index.ExitWriteLock(); }
    }

    public void BumpChecked()
    {
        if (!_index.TryEnterWriteLock(Timeout.InfiniteTimeSpan)) throw new TimeoutException();
        try { _version++; }
        finally { _index.ExitWriteLock(); }
    }

    public void Touch()
    {
        var taken = false;
        Monitor.TryEnter(_gate, -1, ref taken);
        try { _version--; }
        finally { if (taken) Monitor.Exit(_gate); }
    }
}");

        /// <summary>The twin: with a finite timeout the result says whether it was taken, and ignoring it loses the lock.</summary>
        [Fact]
        public Task TryEnterWithAFiniteTimeout_ResultIgnored_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class PageIndex
{
    private readonly ReaderWriterLockSlim _index = new ReaderWriterLockSlim();
    private int _version;

    public int Read()
    {
        {|#0:_index.TryEnterReadLock(100)|};
        try { return {|#1:_version|}; }
        finally { _index.ExitReadLock(); }
    }
}", Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("_index", "10", "11"));

        /// <summary>The infinite <c>TimeSpan</c> spelled out, <c>TimeSpan.FromMilliseconds(-1)</c>, waits forever as well.</summary>
        [Fact]
        public Task TryEnterWithMinusOneMillisecondSpelledOut_ResultIgnored_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Threading;
public sealed class PageIndex
{
    private readonly ReaderWriterLockSlim _index = new ReaderWriterLockSlim();
    private readonly object _gate = new object();
    private int _version;

    public int Read()
    {
        _index.TryEnterReadLock(TimeSpan.FromMilliseconds(-1));
        try { return _version; }
        finally { _index.ExitReadLock(); }
    }

    public void Bump()
    {
        Monitor.TryEnter(_gate, TimeSpan.FromMilliseconds(Timeout.Infinite));
        try { _version++; }
        finally { Monitor.Exit(_gate); }
    }
}");

        /// <summary>The twin: a finite <c>TimeSpan</c> may run out, and ignoring the result loses the lock.</summary>
        [Fact]
        public Task TryEnterWithAFiniteTimeSpan_ResultIgnored_Warns() => Verify.Diagnostics(@"
using System;
using System.Threading;
public sealed class PageIndex
{
    private readonly ReaderWriterLockSlim _index = new ReaderWriterLockSlim();
    private int _version;

    public int Read()
    {
        {|#0:_index.TryEnterReadLock(TimeSpan.FromMilliseconds(1))|};
        try { return {|#1:_version|}; }
        finally { _index.ExitReadLock(); }
    }
}", Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("_index", "11", "12"));

        /// <summary>Waiting forever is a blocking acquire: against the declared order it can deadlock, as an enter can.</summary>
        [Fact]
        public Task TryEnterWithAnInfiniteTimeout_AgainstTheDeclaredOrder_Warns() => Verify.Diagnostics(@"
using System.Threading;
using LockDiscipline;
public sealed class Pair
{
    [AcquiredBefore(typeof(Pair), nameof(Second))] public readonly object First = new object();
    public readonly object Second = new object();

    public void Backwards()
    {
        lock ({|#1:Second|})
        {
            if ({|#0:Monitor.TryEnter(First, Timeout.Infinite)|})
            {
                Monitor.Exit(First);
            }
        }
    }
}", Verify.Warning("LD0001").WithLocation(0).WithLocation(1).WithArguments("First", "Pair.First", "Second", "Pair.Second", "11"));
        /// <summary>
        /// A named mutex opened by a helper that owns it after <c>AbandonedMutexException</c> too (its last owner
        /// died holding it), releases it only on the way out of a failed open, and is closed by the caller: the
        /// helper is an acquire, and every close releases what it took.
        /// </summary>
        [Fact]
        public Task MutexOpenedByAHelper_AbandonedCaught_ClosedByEveryCaller_NoWarning() => Verify.Diagnostics(SharedStoreThatOpens + @"
    private void Close() { _mutex.ReleaseMutex(); }

    public int Query()
    {
        Open();
        try { return _engine!.GetHashCode(); }
        finally { Close(); }
    }
}");

        /// <summary>
        /// The twin, the shape of a real leak: the helper owns the mutex whether or not it opened anything, but says
        /// "opened" only when it did, and the caller closes only then: the mutex stays owned on the other path.
        /// </summary>
        [Fact]
        public Task MutexOpenedByAHelper_ClosedOnlyWhenItSaysItOpened_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class SharedStore
{
    private readonly Mutex _mutex = new Mutex(false);
    private object? _engine;
    private bool _inTransaction;

    private bool Open()
    {
        try { _mutex.WaitOne(); } catch (AbandonedMutexException) { }
        if (!_inTransaction && _engine == null)
        {
            try { _engine = new object(); return true; }
            catch { _mutex.ReleaseMutex(); throw; }
        }

        return false;
    }

    private void Close() { _engine = null; _mutex.ReleaseMutex(); }

    public int Query()
    {
        bool opened = {|#0:Open()|};
        try { return 1; }
        finally { if (opened) Close(); }
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_mutex", "25", "'Query()'", "returns on some path"));
        /// <summary>
        /// A counter read and bumped inside one critical section that serializes something else, and set without
        /// the lock where the log is reset or restored: one method's section is no evidence that the lock guards it.
        /// </summary>
        [Fact]
        public Task MemberUnderALockInOneMethodOnly_SetElsewhereWithout_NoWarning() => Verify.Diagnostics(@"
using System.Collections.Generic;
public sealed class CommitLog
{
    private readonly Queue<long> _pending = new Queue<long>();
    private long _sequence;

    public long Commit()
    {
        lock (_pending)
        {
            if (_sequence == long.MaxValue) _sequence = 0;
            _sequence++;
            _pending.Enqueue(_sequence);
            return _sequence;
        }
    }

    public void Reset() { _sequence = 0; }

    public void Restore(long saved) { _sequence = saved; }
}");

        /// <summary>The twin: a second method takes the same lock for it, so the unlocked write is the odd one out.</summary>
        [Fact]
        public Task MemberUnderALockInTwoMethods_SetElsewhereWithout_Warns() => Verify.Diagnostics(@"
using System.Collections.Generic;
public sealed class CommitLog
{
    private readonly Queue<long> _pending = new Queue<long>();
    private long _sequence;

    public long Commit()
    {
        lock (_pending)
        {
            {|#1:_sequence|}++;
            _pending.Enqueue({|#2:_sequence|});
            return {|#3:_sequence|};
        }
    }

    public long Last()
    {
        lock (_pending) { return _sequence; }
    }

    public void Restore(long saved) { {|#0:_sequence|} = saved; }
}", Verify.Warning("LD0013").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
    .WithArguments("_sequence", "written", "_pending", "4 other sites", "line 10"));
        /// <summary>
        /// A transaction over a named mutex: begun through the file's open helper, committed through its close
        /// helper, in two public methods. Each is a wrapper of a wrapper, inferred as one: nothing is reported inside.
        /// </summary>
        [Fact]
        public Task TransactionBegunAndCommittedThroughTheOpenAndCloseHelpers_NoWarning() => Verify.Diagnostics(SharedStoreThatOpens + @"
    private bool _inTransaction;

    private void Close()
    {
        if (!_inTransaction) _engine = null;
        _mutex.ReleaseMutex();
    }

    public void Begin()
    {
        Open();
        try { _inTransaction = true; }
        catch { Close(); throw; }
    }

    public void Commit()
    {
        try { _engine!.GetHashCode(); }
        finally { _inTransaction = false; Close(); }
    }
}");

        /// <summary>The twin: a method that commits without beginning releases what it does not hold.</summary>
        [Fact]
        public Task CommitThroughTheCloseHelperWithoutBeginning_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class SharedStore
{
    private readonly Mutex _mutex = new Mutex(false);

    private void Open() { _mutex.WaitOne(); }

    private void Close() { _mutex.ReleaseMutex(); }

    public void Begin()
    {
        Open();
        try { System.Console.WriteLine(); }
        catch { Close(); throw; }
    }

    public void Commit() { Close(); }

    public void Abandon() { {|#0:Commit()|}; }
}", Verify.Warning("LD0006").WithLocation(0).WithArguments("_mutex"));
        /// <summary>
        /// The dispose pattern over a mutex: <c>Dispose(bool disposing)</c> releases only when disposing, so the
        /// finalizer's <c>Dispose(false)</c> releases nothing, and needs nothing held.
        /// </summary>
        [Fact]
        public Task DisposePatternReleasingOnlyWhenDisposing_FinalizerDisposesFalse_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Threading;
public class SharedFile : IDisposable
{
    private readonly Mutex _mutex = new Mutex(false);
    private bool _open;

    public void Open() { _mutex.WaitOne(); _open = true; }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _open)
        {
            _open = false;
            _mutex.ReleaseMutex();
        }
    }

    public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }

    ~SharedFile() { Dispose(false); }
}");

        /// <summary>The twin: a finalizer that disposes as if disposing releases a mutex it does not hold.</summary>
        [Fact]
        public Task DisposePatternReleasingOnlyWhenDisposing_FinalizerDisposesTrue_Warns() => Verify.Diagnostics(@"
using System;
using System.Threading;
public class SharedFile : IDisposable
{
    private readonly Mutex _mutex = new Mutex(false);

    public void Open() { _mutex.WaitOne(); }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _mutex.ReleaseMutex();
    }

    public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }

    ~SharedFile() { {|#0:Dispose(true)|}; }
}", Verify.Warning("LD0006").WithLocation(0).WithArguments("_mutex"));
        /// <summary>
        /// An exception from inside a <c>lock</c> reaches the catch around it through the lock's own finally, which
        /// releases it: the catch's cleanup takes its lock holding nothing (a database driver's open path), so it does
        /// not invert the order the class keeps elsewhere.
        /// </summary>
        [Fact]
        public Task LockInsideATry_CatchTakesAnotherLock_NoWarning() => Verify.Diagnostics(@"
using System;
public sealed class Channel
{
    private readonly object _state = new object();
    private readonly object _teardown = new object();
    private int _phase;

    public void Open()
    {
        try
        {
            lock (_state) { _phase = 1; }
            Connect();
        }
        catch (Exception)
        {
            Teardown();
            throw;
        }
    }

    private void Connect() { }

    private void Teardown() { lock (_teardown) { _phase = 0; } }

    public void Close()
    {
        lock (_teardown)
        {
            lock (_state) { _phase = 2; }
        }
    }
}");

        /// <summary>The twin: the catch inside the lock runs holding it, and takes the other lock in the reverse order.</summary>
        [Fact]
        public Task CatchInsideTheLock_TakesAnotherLock_Warns() => Verify.Diagnostics(@"
using System;
public sealed class Channel
{
    private readonly object _state = new object();
    private readonly object _teardown = new object();
    private int _phase;

    public void Open()
    {
        lock ({|#2:_state|})
        {
            try { _phase = 1; Connect(); }
            catch (Exception)
            {
                {|#0:Teardown()|};
                throw;
            }
        }
    }

    private void Connect() { }

    private void Teardown() { lock (_teardown) { _phase = 0; } }

    public void Close()
    {
        lock ({|#3:_teardown|})
        {
            lock ({|#1:_state|}) { _phase = 2; }
        }
    }
}", Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
    .WithArguments("Channel._teardown taken while holding Channel._state at Test1.cs:16, through Teardown() which takes it at Test1.cs:24; "
        + "Channel._state taken while holding Channel._teardown at Test1.cs:30"));

        /// <summary>A spin lock exited in its own finally is not held in the catch of a try around it: sleeping there is fine.</summary>
        [Fact]
        public Task SpinLockExitedInItsFinally_OuterCatchSleeps_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Threading;
public sealed class Counter
{
    private SpinLock _spin = new SpinLock(false);
    private long _value;

    public void Add(long n)
    {
        try
        {
            var taken = false;
            try { _spin.Enter(ref taken); _value = checked(_value + n); }
            finally { if (taken) _spin.Exit(); }
        }
        catch (OverflowException)
        {
            Thread.Sleep(1);
        }
    }
}");

        /// <summary>The twin: a catch inside the spin lock's try runs holding it.</summary>
        [Fact]
        public Task SpinLockHeldAroundACatchThatSleeps_Warns() => Verify.Diagnostics(@"
using System;
using System.Threading;
public sealed class Counter
{
    private SpinLock _spin = new SpinLock(false);
    private long _value;

    public void Add(long n)
    {
        var taken = false;
        try
        {
            {|#1:_spin.Enter(ref taken)|};
            try { _value = checked(_value + n); }
            catch (OverflowException) { {|#0:Thread.Sleep(1)|}; }
        }
        finally { if (taken) _spin.Exit(); }
    }
}", Verify.Warning("LD0002").WithLocation(0).WithLocation(1).WithArguments("'Thread.Sleep'", "it blocks", "_spin", "14"));
        /// <summary>Review of session 22: a copy that walks on with a way out of the loop still leaves one name for the lock.</summary>
        [Fact]
        public Task ExplicitEnterOnALocal_CopyWalksWithABreak_ExitedByTheFirstName_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Link { public Link? Next; }
public static class Chain
{
    private static Link Head() => new Link();

    public static void Walk(bool stop)
    {
        Link first = Head();
        Monitor.Enter(first);
        Link walker = first;
        while (walker.Next != null)
        {
            if (stop) break;
            walker = walker.Next;
        }

        Monitor.Exit(first);
    }
}");

        /// <summary>Review of session 22: a catch of an abandoned mutex around a try whose wait is out of sight is still analyzed.</summary>
        [Fact]
        public Task AbandonedMutexCatch_WaitInsideAHelper_CatchStillAnalyzed_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Store
{
    private readonly Mutex _mutex = new Mutex(false);
    private readonly object _other = new object();

    private void Open() { _mutex.WaitOne(); }

    public void Run()
    {
        try { Open(); _mutex.ReleaseMutex(); }
        catch (AbandonedMutexException) { {|#0:Monitor.Enter(_other)|}; }
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_other", "13", "'Run()'", "returns on some path"));

        /// <summary>Review of session 22: a spin lock's TryEnter that waits forever spins as Enter does; it does not sleep.</summary>
        [Fact]
        public Task SpinLockTryEnterForeverUnderASpinLock_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Pair
{
    private SpinLock _a = new SpinLock(false);
    private SpinLock _b = new SpinLock(false);

    public void Both()
    {
        var ta = false;
        var tb = false;
        try
        {
            _a.Enter(ref ta);
            _b.TryEnter(-1, ref tb);
        }
        finally
        {
            if (tb) _b.Exit();
            if (ta) _a.Exit();
        }
    }
}");

        /// <summary>Review of session 22: a helper with a plain bool and a ref flag is keyed on the ref flag, which it clears.</summary>
        [Fact]
        public Task ReleaseHelperWithABoolAndARefFlag_KeyedOnTheRefFlag_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Gate
{
    private readonly object _gate = new object();
    private int _n;

    private void Drop(bool release, ref bool taken)
    {
        if (release && taken) { Monitor.Exit(_gate); taken = false; }
    }

    public void Use()
    {
        var taken = false;
        try
        {
            Monitor.Enter(_gate, ref taken);
            _n++;
            Drop(true, ref taken);
        }
        finally
        {
            if (taken) Monitor.Exit(_gate);
        }
    }
}");

        /// <summary>Review of session 22: accesses in a lambda inside the one locking method are no second method.</summary>
        [Fact]
        public Task MemberUnderALockInOneMethodAndItsLambda_SetElsewhereWithout_NoWarning() => Verify.Diagnostics(@"
using System.Collections.Generic;
public sealed class Tally
{
    private readonly object _gate = new object();
    private readonly List<int> _items = new List<int>();
    private int _count;

    public void Sum()
    {
        lock (_gate)
        {
            _count = 1;
            _items.ForEach(x => _count += x);
        }
    }

    public void Reset() { _count = 0; }
}");
    }
}

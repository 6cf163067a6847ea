using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// Locking only in some mode (session 23): a mode chosen at construction (a messaging library's sockets: every
    /// operation is <c>Lock(); try … finally Unlock();</c>, and both helpers test a "thread-safe" flag only the
    /// constructor sets), or a lock that may not exist (a logging library's cross-process mutex, made on demand).
    /// </summary>
    public partial class RealCodeShapeTests
    {
        private const string ChannelWithAMode = @"
using System.Threading;
public sealed class Channel
{
    private readonly object _sync = new object();
    private bool _shared;
    private int _pending;

    public Channel(bool shared) { _shared = shared; }

    public bool IsExclusive => !_shared;

    internal void Acquire() { if (_shared) Monitor.Enter(_sync); }
    internal void Release() { if (_shared) Monitor.Exit(_sync); }
";

        [Fact]
        public Task WrappersTestingAConstructionFlag_BalancedCallers_NoWarning() => Verify.Diagnostics(ChannelWithAMode + @"
    public void Post()
    {
        Acquire();
        try { _pending++; }
        finally { Release(); }
    }

    public int Pending()
    {
        Acquire();
        try { return _pending; }
        finally { Release(); }
    }
}");

        /// <summary>The twin: a caller that returns early still holds the lock (when the object locks at all).</summary>
        [Fact]
        public Task WrappersTestingAConstructionFlag_CallerReturnsHolding_Warns() => Verify.Diagnostics(ChannelWithAMode + @"
    public int Pending(bool quick)
    {
        {|#0:Acquire()|};
        if (quick) return _pending;
        var n = _pending;
        Release();
        return n;
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_sync", "18", "'Pending()'", "returns on some path"));

        /// <summary>
        /// The twin: a mode that can change after construction may change between the two calls, so <c>Acquire()</c> is no
        /// acquire (it leaks on some paths), and <c>Release()</c> releases a lock its caller does not hold.
        /// </summary>
        [Fact]
        public Task WrappersTestingAFlagSetLater_Warns() => Verify.Diagnostics((ChannelWithAMode + @"
    public void Share() { _shared = true; }

    public void Post()
    {
        Acquire();
        try { _pending++; }
        finally { {|#1:Release()|}; }
    }
}").Replace("if (_shared) Monitor.Enter(_sync); }", "if (_shared) {|#0:Monitor.Enter(_sync)|}; }"),
            Verify.Warning("LD0004").WithLocation(0).WithArguments("_sync", "13", "'Acquire()'", "returns on some path"),
            Verify.Warning("LD0006").WithLocation(1).WithArguments("_sync"));

        [Fact]
        public Task LockTakenAndReleasedUnderAReadOnlyFlag_InOneBody_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Queue
{
    private readonly object _sync = new object();
    private readonly bool _threadSafe;
    private int _count;

    public Queue(bool threadSafe) { _threadSafe = threadSafe; }

    public void Push()
    {
        if (_threadSafe) Monitor.Enter(_sync);
        try { _count++; }
        finally { if (_threadSafe) Monitor.Exit(_sync); }
    }
}");

        /// <summary>The twin: a flag any method may set is not known to be the same at the release.</summary>
        [Fact]
        public Task LockTakenAndReleasedUnderAMutableFlag_InOneBody_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Queue
{
    private readonly object _sync = new object();
    private bool _threadSafe;
    private int _count;

    public void Share() { _threadSafe = true; }

    public void Push()
    {
        if (_threadSafe) {|#0:Monitor.Enter(_sync)|};
        try { {|#1:_count++;|} }
        finally { if (_threadSafe) Monitor.Exit(_sync); }
    }
}", Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("_sync", "13", "14"));

        private const string GateThatMayNotExist = @"
using System.IO;
using System.Threading;
public sealed class SharedFile
{
    private Mutex? _gate;
    private Stream? _data;
    private int _writes;

    public void Init(string name) { _gate ??= new Mutex(false, name); }

    public Stream? Enter()
    {
        if (_gate is not null) _gate.WaitOne();
        return _data;
    }

    public void Exit() { if (_gate is not null) _gate.ReleaseMutex(); }
";

        [Fact]
        public Task WrappersOfALockThatMayNotExist_BalancedCaller_NoWarning() => Verify.Diagnostics(GateThatMayNotExist + @"
    public void Append()
    {
        Enter();
        try { _writes++; }
        finally { Exit(); }
    }
}");

        /// <summary>The twin: a caller that returns early keeps the mutex (when there is one).</summary>
        [Fact]
        public Task WrappersOfALockThatMayNotExist_CallerReturnsHolding_Warns() => Verify.Diagnostics(GateThatMayNotExist + @"
    public void Append(bool skip)
    {
        {|#0:Enter()|};
        if (skip) return;
        _writes++;
        Exit();
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_gate", "22", "'Append()'", "returns on some path"));

        /// <summary>The twin: the path that skips the wait makes the lock, so at the return it exists and may be held or not.</summary>
        [Fact]
        public Task LockMadeOnThePathThatSkipsTheWait_Warns() => Verify.Diagnostics(@"
using System.IO;
using System.Threading;
public sealed class SharedFile
{
    private Mutex? _gate;
    private Stream? _data;

    public Stream? Enter(string name)
    {
        if (_gate is not null) {|#0:_gate.WaitOne()|};
        else _gate = new Mutex(false, name);
        return {|#1:_data|};
    }
}", Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("_gate", "11", "13"));
    }
}

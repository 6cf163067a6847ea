using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// Lock guards written without <c>[ScopedLock]</c> (session 24: a search library's read/write lock tokens, a socket
    /// server's file cache guards): a disposable type whose constructor takes a lock and whose disposal gives it back.
    /// The constructor is an acquire that returns the scope holding the lock, as <c>Lock.EnterScope()</c> is; a
    /// constructor that keeps no way to give the lock back is still a leak.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        private const string TableOfTokens = @"
class Table
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private int _rows;

    public int Count() { using (new ReadToken(_rw)) return _rows; }
}";

        [Fact]
        public Task GuardConstructor_DisposeReleasesWhatItKept_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Threading;

sealed class ReadToken : IDisposable
{
    private ReaderWriterLockSlim _rw;

    public ReadToken(ReaderWriterLockSlim rw)
    {
        _rw = rw;
        rw.EnterReadLock();
    }

    public void Dispose()
    {
        if (_rw != null) { _rw.ExitReadLock(); _rw = null; }
    }
}" + TableOfTokens);

        [Fact]
        public Task GuardConstructor_KeepsNoWayToRelease_Warns() => Verify.Diagnostics(@"
using System;
using System.Threading;

sealed class ReadToken : IDisposable
{
    public ReadToken(ReaderWriterLockSlim rw)
    {
        {|#0:rw.EnterReadLock()|};
    }

    public void Dispose() { }
}" + TableOfTokens, Verify.Warning("LD0004").WithLocation(0).WithArguments("rw", 9, "'.ctor()'", "returns"));

        private const string ScopeBase = @"
using System;
using System.Threading;

class Scope : IDisposable
{
    private readonly Action _exit;
    public Scope(Action exit) { _exit = exit; }
    public void Dispose() => _exit();
}

class Registry
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private int _count;
    public void Add() { using (new WriteScope(_rw)) _count++; }
}
";

        [Fact]
        public Task GuardConstructor_HandsItsReleaseToTheBase_NoWarning() => Verify.Diagnostics(ScopeBase + @"
sealed class WriteScope : Scope
{
    public WriteScope(ReaderWriterLockSlim rw) : base(rw.ExitWriteLock)
    {
        rw.EnterWriteLock();
    }
}");

        [Fact]
        public Task GuardConstructor_HandsTheBaseANoOp_Warns() => Verify.Diagnostics(ScopeBase + @"
sealed class WriteScope : Scope
{
    public WriteScope(ReaderWriterLockSlim rw) : base(() => { })
    {
        {|#0:rw.EnterWriteLock()|};
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("rw", 23, "'.ctor()'", "returns"));

        [Fact]
        public Task GuardConstructor_InAnAnalyzedCaller_UsingReleasesIt_AndAGuardNeverDisposedLeaks() => Verify.Diagnostics(@"
using System;
using System.Threading;

sealed class WriteToken : IDisposable
{
    private readonly ReaderWriterLockSlim _rw;
    public WriteToken(ReaderWriterLockSlim rw) { _rw = rw; rw.EnterWriteLock(); }
    public void Dispose() => _rw.ExitWriteLock();
}

class Table
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private readonly object _stats = new object();
    private int _rows;

    public void Add() { using (new WriteToken(_rw)) { lock (_stats) { _rows++; } } }

    public void AddAndForget() { var token = {|#0:new WriteToken(_rw)|}; lock (_stats) { _rows++; } }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_rw", 20, "'AddAndForget()'", "returns"));

        private const string GuardAndCounter = @"
using System;
using System.Threading;

sealed class Guard : IDisposable
{
    private readonly object _o;
    public Guard(object o) { _o = o; Monitor.Enter(o); }
    public void Dispose() => Monitor.Exit(_o);
}

class Counter
{
    private readonly object _gate = new object();
    private int _n;
    private Guard _held;

    public void Up() { using (new Guard(_gate)) { _n++; } }
    public void Down() { using var guard = new Guard(_gate); _n--; }
";

        [Fact]
        public Task GuardConstructor_UsingBodiesHoldTheLock_AndAGuardHandedOverIsNoLeak_NoWarning() => Verify.Diagnostics(GuardAndCounter + @"
    public void Begin() { _held = new Guard(_gate); }
    public void End() { _held.Dispose(); _held = null; }
    public IDisposable Hold() => new Guard(_gate);
}");

        [Fact]
        public Task GuardConstructor_UsingBodiesAreEvidence_AWriteWithoutTheGuard_Warns() => Verify.Diagnostics(GuardAndCounter + @"
    public void Reset() { {|#0:_n|} = 0; }
}", Verify.Warning("LD0013").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations)
    .WithArguments("_n", "written", "_gate", "2 other sites", "line 18"));
    }
}

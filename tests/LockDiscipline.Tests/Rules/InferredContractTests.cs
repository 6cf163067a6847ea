using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// Inferred contracts: an unannotated lock wrapper is checked at its calls as if it carried the
    /// attribute its body shows, and raises nothing inside.
    /// </summary>
    public class InferredContractTests
    {
        private const string Wrapper = @"
using System;
using System.Threading;
public sealed class Latch
{
    private readonly object _gate = new object();
    public void Lock() { Monitor.Enter(_gate); }
    public void Unlock() { Monitor.Exit(_gate); }
    public bool TryLock() => Monitor.TryEnter(_gate);
    public bool TryLock(int timeoutMs)
    {
        var taken = Monitor.TryEnter(_gate, timeoutMs);
        return taken;
    }
}";

        [Fact]
        public Task Wrappers_AndCallersThatPairThem_NoWarning() => Verify.Diagnostics(Wrapper + @"
class User
{
    private readonly Latch _latch = new Latch();
    private int _n;

    void Paired()
    {
        _latch.Lock();
        try { _n++; }
        finally { _latch.Unlock(); }
    }

    void Tried()
    {
        if (!_latch.TryLock()) return;
        try { _n++; }
        finally { _latch.Unlock(); }
    }

    void TriedWithTimeout()
    {
        if (_latch.TryLock(10))
        {
            _n++;
            _latch.Unlock();
        }
    }
}");

        [Fact]
        public Task CallerThatTakesTheWrappersLockAndReturnsHoldingIt_Warns() => Verify.Diagnostics(Wrapper + @"
class User
{
    private readonly Latch _latch = new Latch();
    private int _n;

    void Leaks(bool early)
    {
        {|#0:_latch.Lock()|};
        if (early) return;
        _latch.Unlock();
    }

    void ReleasesTwice()
    {
        _latch.Lock();
        _latch.Unlock();
        {|#1:_latch.Unlock()|};
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("_latch._gate", 23, "'Leaks()'", "returns on some path"),
            Verify.Warning("LD0006").WithLocation(1).WithArguments("_latch._gate"));
    
        [Fact]
        public Task TwoWrappersTakenInOppositeOrders_Warns_LD0010() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Account
{
    private readonly object _gate = new object();
    public void Lock() { Monitor.Enter(_gate); }
    public void Unlock() { Monitor.Exit(_gate); }
}
public sealed class Ledger
{
    private readonly object _gate = new object();
    public void Lock() { Monitor.Enter(_gate); }
    public void Unlock() { Monitor.Exit(_gate); }
}
class Transfers
{
    private readonly Account _account = new Account();
    private readonly Ledger _ledger = new Ledger();

    void Post()
    {
        {|#2:_account.Lock()|};
        try
        {
            {|#0:_ledger.Lock()|};
            _ledger.Unlock();
        }
        finally { _account.Unlock(); }
    }

    void Audit()
    {
        {|#3:_ledger.Lock()|};
        try
        {
            {|#1:_account.Lock()|};
            _account.Unlock();
        }
        finally { _ledger.Unlock(); }
    }
}",
            Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
                .WithArguments("Ledger._gate taken while holding Account._gate at Test1.cs:25; Account._gate taken while holding Ledger._gate at Test1.cs:36"));

        [Fact]
        public Task ReaderWriterMutexAndScopeWrappers_PairedByCallers_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Threading;
public sealed class Table
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private readonly Mutex _file = new Mutex();
    private readonly object _gate = new object();

    public void BeginRead() => _rw.EnterReadLock();
    public void EndRead() => _rw.ExitReadLock();
    public void BeginWrite() { _rw.EnterWriteLock(); }
    public void EndWrite() { _rw.ExitWriteLock(); }
    public void OpenFile() { _file.WaitOne(); }
    public void CloseFile() { _file.ReleaseMutex(); }

    public Releaser Hold()
    {
        Monitor.Enter(_gate);
        return new Releaser(_gate);
    }

    public readonly struct Releaser : IDisposable
    {
        private readonly object _held;
        public Releaser(object held) { _held = held; }
        public void Dispose() => Monitor.Exit(_held);
    }
}
class Reader
{
    private readonly Table _table = new Table();

    int Read()
    {
        _table.BeginRead();
        try { return 1; }
        finally { _table.EndRead(); }
    }

    void Write()
    {
        _table.BeginWrite();
        _table.EndWrite();
    }

    void Append()
    {
        _table.OpenFile();
        try { }
        finally { _table.CloseFile(); }
    }

    void Scoped()
    {
        using (_table.Hold())
        {
        }
    }
}");

        [Fact]
        public Task ReadWrapperReleasedByTheWriteWrapper_Warns_WrongMode() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Table
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    public void BeginRead() => _rw.EnterReadLock();
    public void EndWrite() { _rw.ExitWriteLock(); }
}
class Reader
{
    void Mismatched(Table table)
    {
        {|#1:table.BeginRead()|};
        {|#0:table.EndWrite()|};
    }
}",
            Verify.Warning("LD0006").WithLocation(0).WithLocation(1).WithArguments("table._rw", "write", "reading", 13));

        [Fact]
        public Task WrittenAttributesWin_AndALockNoCallerCanName_StillWarns() => Verify.Diagnostics(@"
using System.Threading;
using LockDiscipline;
public sealed class Pool
{
    private readonly object _gate = new object();
    private readonly object _other = new object();

    [Acquires(""_other"")]
    public void TakeOther()
    {
        Monitor.Enter(_other);
        {|#0:Monitor.Enter(_gate)|};
    }

    public void TakeLocal()
    {
        var local = new object();
        {|#1:Monitor.Enter(local)|};
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("_gate", 13, "'TakeOther()'", "returns"),
            Verify.Warning("LD0004").WithLocation(1).WithArguments("local", 19, "'TakeLocal()'", "returns"));
    
        [Fact]
        public Task EachInferredContract_IsAHiddenDiagnosticOnTheWrapper_NamingItsAttributes() => Verify.DiagnosticsWithInferredContracts(Wrapper
            .Replace("void Lock()", "void {|#1:Lock|}()").Replace("void Unlock()", "void {|#2:Unlock|}()")
            .Replace("bool TryLock()", "bool {|#3:TryLock|}()").Replace("bool TryLock(int", "bool {|#4:TryLock|}(int") + @"
public sealed class Table
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private static readonly object Registry = new object();
    public void {|#5:BeginRead|}() => _rw.EnterReadLock();
    public void {|#6:EndRead|}() => _rw.ExitReadLock();
    public static void {|#7:LockRegistry|}() => Monitor.Enter(Registry);
    public void {|#8:Enter|}(object gate) => Monitor.Enter(gate);
    public void Balanced() { Monitor.Enter(Registry); Monitor.Exit(Registry); }
}",
            Verify.Hidden("LD0018").WithLocation(1).WithArguments("Lock()", "returns holding '_gate'", "[Acquires(\"_gate\")]"),
            Verify.Hidden("LD0018").WithLocation(2).WithArguments("Unlock()", "releases '_gate', which its caller holds", "[Releases(\"_gate\")]"),
            Verify.Hidden("LD0018").WithLocation(3).WithArguments("TryLock()", "holds '_gate' when it returns true", "[TryAcquires(true, \"_gate\")]"),
            Verify.Hidden("LD0018").WithLocation(4).WithArguments("TryLock()", "holds '_gate' when it returns true", "[TryAcquires(true, \"_gate\")]"),
            Verify.Hidden("LD0018").WithLocation(5).WithArguments("BeginRead()", "returns holding '_rw'", "[AcquiresShared(\"_rw\")]"),
            Verify.Hidden("LD0018").WithLocation(6).WithArguments("EndRead()", "releases '_rw', which its caller holds", "[ReleasesShared(\"_rw\")]"),
            Verify.Hidden("LD0018").WithLocation(7).WithArguments("LockRegistry()", "returns holding 'Table.Registry'", "[Acquires(\"Table.Registry\")]"),
            Verify.Hidden("LD0018").WithLocation(8).WithArguments("Enter()", "returns holding 'gate'", "[Acquires(\"gate\")]"));

        /// <summary>A held test of the project's own is shown as the <c>[AssertsHeld]</c> it is, lock named as its callers name it.</summary>
        [Fact]
        public Task HeldTestForwarder_IsAHiddenDiagnostic_NamingAssertsHeld() => Verify.DiagnosticsWithInferredContracts(@"
using System.Threading;

public static class Gate
{
    public static bool {|#1:IsEntered|}(object gate) => Monitor.IsEntered(gate);
}

public sealed class Slot
{
    private readonly object _gate = new object();
    public bool {|#2:Mine|}() { return Gate.IsEntered(_gate); }
    public bool Free() => !Monitor.IsEntered(_gate);
}",
            Verify.Hidden("LD0018").WithLocation(1).WithArguments("IsEntered()", "tells whether its caller holds 'gate'", "[AssertsHeld(\"gate\")]"),
            Verify.Hidden("LD0018").WithLocation(2).WithArguments("Mine()", "tells whether its caller holds '_gate'", "[AssertsHeld(\"_gate\")]"));

        [Fact]
        public Task WrappersThatCallEachOtherInACycle_GetNoContract_WhicheverIsAnalyzedFirst() => Verify.DiagnosticsWithInferredContracts(@"
using System.Threading;
public sealed class PingPong
{
    private readonly object _a = new object();
    private readonly object _b = new object();
    public void TakeA(int n) { {|#0:Monitor.Enter(_a)|}; if (n > 0) {|#2:TakeB(n - 1)|}; }
    public void TakeB(int n) { {|#1:Monitor.Enter(_b)|}; if (n > 0) {|#3:TakeA(n - 1)|}; }
}",
            // No contract is inferred on the cycle, so each leak is reported where it happens; the
            // mutual recursion under the two locks is a real ABBA.
            Verify.Warning("LD0004").WithLocation(0).WithArguments("_a", 7, "'TakeA()'", "returns"),
            Verify.Warning("LD0004").WithLocation(1).WithArguments("_b", 8, "'TakeB()'", "returns"),
            Verify.Warning("LD0010").WithLocation(2).WithLocation(3).WithLocation(0).WithLocation(1).WithArguments(
                "PingPong._b taken while holding PingPong._a at Test1.cs:7, through TakeB() which takes it at Test1.cs:8; PingPong._a taken while holding PingPong._b at Test1.cs:8, through TakeA() which takes it at Test1.cs:7"));

        [Fact]
        public Task SemaphoreReleasedWithoutATake_IsASignal_NotAReleaseWrapper() => Verify.DiagnosticsWithInferredContracts(@"
using System.Threading;
public sealed class Queue
{
    private readonly SemaphoreSlim _items = new SemaphoreSlim(0);
    private readonly Mutex _file = new Mutex();
    public void {|#0:Post|}() { _items.Release(); _file.ReleaseMutex(); }
}",
            Verify.Hidden("LD0018").WithLocation(0).WithArguments("Post()", "releases '_file', which its caller holds", "[Releases(\"_file\")]"));
    
        private const string FlagHelpers = @"
using System;
using System.Threading;
public class Channel
{
    private int _queued;

    protected void Acquire(ref bool held)
    {
        if (!held)
        {
            Monitor.TryEnter(this, 250, ref held);
            if (!held) throw new TimeoutException();
        }
    }

    protected void Relinquish(ref bool held)
    {
        if (held)
        {
            held = false;
            Monitor.Exit(this);
        }
    }
";

        [Fact]
        public Task HelperPairKeyedOnTheCallersRefFlag_UsedInTryFinally_BalanceQuiet_AWriteAfterTheEarlyReleaseIsLD0013() => Verify.DiagnosticsWithInferredContracts(FlagHelpers + @"
    public void Enqueue(int n)
    {
        var held = false;
        try
        {
            Acquire(ref held);
            _queued += n;
        }
        finally
        {
            Relinquish(ref held);
        }
    }

    public void DropsEarly()
    {
        var held = false;
        try
        {
            Acquire(ref held);
            _queued++;
            Relinquish(ref held);
            {|#0:_queued|}++; // after the release: no balance rule fires, but the write is LD0013's
        }
        finally
        {
            Relinquish(ref held);
        }
    }
}",
            Verify.Warning("LD0013").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("_queued", "written", "this", "2 other sites", "line 31"));

        [Fact]
        public Task HelperPairKeyedOnTheCallersRefFlag_CallerWithoutTheRelease_Warns() => Verify.Diagnostics(FlagHelpers + @"
    public void Forgets(int n)
    {
        var held = false;
        {|#0:Acquire(ref held)|};
        _queued += n;
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("this", 29, "'Forgets()'", "returns"));
    
        [Fact]
        public Task AFailedTryEnterThatCallsAThrowHelper_LeavesEveryNormalExitHolding() => Verify.DiagnosticsWithInferredContracts(@"
using System;
using System.Threading;
public class Writer
{
    private int _n;

    protected void {|#0:Take|}()
    {
        if (!Monitor.TryEnter(this, 1000)) Fail();
        static void Fail() => throw new TimeoutException();
    }

    protected void {|#1:Give|}() => Monitor.Exit(this);

    private static void Busy() { throw new InvalidOperationException(); }

    public void Write()
    {
        if (!Monitor.TryEnter(this)) Busy();
        _n++;
        Monitor.Exit(this);
    }

    public void Use()
    {
        Take();
        try { _n++; } finally { Give(); }
    }
}",
            Verify.Hidden("LD0018").WithLocation(0).WithArguments("Take()", "returns holding 'this'", "[Acquires(\"this\")]"),
            Verify.Hidden("LD0018").WithLocation(1).WithArguments("Give()", "releases 'this', which its caller holds", "[Releases(\"this\")]"));
    
        [Fact]
        public Task AFailedTryEnterThatCallsAHelperThatReturns_IsNoWrapper_AndLeaksOnOnePath_Warns() => Verify.Diagnostics(@"
using System;
using System.Threading;
public class Writer
{
    protected void Take()
    {
        if (!{|#0:Monitor.TryEnter(this, 1000)|}) Complain();
        static void Complain() => Console.WriteLine(""busy"");
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("this", 8, "'Take()'", "returns on some path"));
    }
}

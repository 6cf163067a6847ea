using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>.NET's own locks, known without annotations (SPEC §3), through the balance and guard rules.</summary>
    public class DotNetLockTests
    {
        [Fact]
        public Task SystemThreadingLock_LockStatementAndEnterScope_HoldExactlyTheirBlock() => Verify.Diagnostics(@"
using System.Threading;
using LockDiscipline;
" + ThreadingLockStub.Source + @"
class Counter
{
    private readonly Lock _lock = new Lock();
    [GuardedBy(nameof(_lock))] private int _n;

    void A() { lock (_lock) { _n++; } }

    void B()
    {
        using (_lock.EnterScope())
        {
            _n++;
        }

        {|#0:_n|}++;
    }

    void C()
    {
        using var scope = _lock.EnterScope();
        _n++;
    }
}",
            Verify.Warning("LD0008").WithLocation(0).WithArguments("Writing '_n'", "_lock", "GuardedBy"));

        [Fact]
        public Task Monitor_WithAndWithoutLockTaken_AndIsEntered() => Verify.Diagnostics(@"
using System.Diagnostics;
using System.Threading;
using LockDiscipline;

class Counter
{
    private readonly object _gate = new object();
    [GuardedBy(nameof(_gate))] private int _n;

    void WithFlag()
    {
        var taken = false;
        try
        {
            Monitor.Enter(_gate, ref taken);
            _n++;
        }
        finally
        {
            if (taken) Monitor.Exit(_gate);
        }
    }

    void Plain()
    {
        Monitor.Enter(_gate);
        try { _n++; } finally { Monitor.Exit(_gate); }
    }

    void Unchecked()
    {
        Monitor.TryEnter(_gate);
        {|#0:Monitor.Exit(_gate)|};
    }

    void CalledUnderTheLock()
    {
        Debug.Assert(Monitor.IsEntered(_gate));
        _n++;
    }

    void Checked()
    {
        if (!Monitor.IsEntered(_gate)) return;
        _n++;
    }
}",
            Verify.Warning("LD0006").WithLocation(0));

        [Fact]
        public Task SpinLock_EnterTryEnterExit() => Verify.Diagnostics(@"
using System.Threading;
using LockDiscipline;

class Q
{
    private SpinLock _spin = new SpinLock(false);
    [GuardedBy(nameof(_spin))] private int _n;

    void Good()
    {
        var taken = false;
        try { _spin.Enter(ref taken); _n++; }
        finally { if (taken) _spin.Exit(); }
    }

    void Maybe()
    {
        var taken = false;
        _spin.TryEnter(ref taken);
        if (taken) { _n++; _spin.Exit(); }
    }

    void Leak(bool early)
    {
        var taken = false;
        {|#0:_spin.Enter(ref taken)|};
        _n++;
        if (early) return;
        _spin.Exit();
    }
}",
            Verify.Warning("LD0004").WithLocation(0));

        [Fact]
        public Task MutexAndSemaphore_MutexReleasedUnheld_Warns_SemaphoreSignals_AreQuiet() => Verify.Diagnostics(@"
using System.Threading;

class C1
{
    private readonly Mutex _mutex = new Mutex();
    private readonly SemaphoreSlim _items = new SemaphoreSlim(0);

    void Good() { _mutex.WaitOne(); _mutex.ReleaseMutex(); }

    void Bad() { _mutex.WaitOne(); _mutex.ReleaseMutex(); {|#0:_mutex.ReleaseMutex()|}; }

    void Produce() { _items.Release(); }

    void Consume() { _items.Wait(); }
}",
            Verify.Warning("LD0006").WithLocation(0));

        [Fact]
        public Task ScopedGuard_ReleasedEarly_ThenDisposedAgain_ReleasesOnce() => Verify.Diagnostics(@"
using System;
using LockDiscipline;

[ScopedLock]
public sealed class SpinGuard : IDisposable
{
    private readonly Spin _s;
    [Acquires(""s"")] public SpinGuard(Spin s) { _s = s; s.Lock(); }
    public void Dispose() => _s.Unlock();
}

public sealed class Table
{
    public readonly Spin Lock = new Spin();
    [GuardedBy(nameof(Lock))] public int Rows;
}

class C1
{
    void M(Table t)
    {
        using var guard = new SpinGuard(t.Lock);
        t.Rows++;
        guard.Dispose();
        {|#0:t.Rows|}++;
    }
}",
            Verify.Warning("LD0008").WithLocation(0).WithArguments("Writing 'Rows'", "t.Lock", "GuardedBy"));
    }
}

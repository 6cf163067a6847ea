using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// Cases the engine once let through: a lock held at a throw that leaves the method, and an
    /// upgradeable read released before the write lock taken from it. Each must-warn has its
    /// must-not-warn twin.
    /// </summary>
    public class EngineGapTests
    {
        [Fact]
        public Task LockHeldAtAThrowThatLeavesTheMethod_Warns() => Verify.Diagnostics(@"
using System.Threading;
class Account
{
    private readonly object _gate = new object();
    private int _balance;
    public void Withdraw(int amount)
    {
        {|#0:Monitor.Enter(_gate)|};
        if (amount > _balance)
        {
            throw new System.InvalidOperationException(""insufficient funds"");
        }
        _balance -= amount;
        Monitor.Exit(_gate);
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_gate", 9, "'Withdraw()'", "throws"));

        [Fact]
        public Task ThrowsThatLeaveNoLockBehind_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
class Account
{
    private readonly object _gate = new object();
    private int _balance;
    public void CheckFirst(int amount)
    {
        if (amount < 0) throw new System.ArgumentOutOfRangeException(nameof(amount));
        Monitor.Enter(_gate);
        _balance -= amount;
        Monitor.Exit(_gate);
    }
    public void ReleasedInFinally(int amount)
    {
        Monitor.Enter(_gate);
        try
        {
            if (amount > _balance) throw new System.InvalidOperationException();
            _balance -= amount;
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }
    public void InsideLockStatement(int amount)
    {
        lock (_gate)
        {
            if (amount > _balance) throw new System.InvalidOperationException();
            _balance -= amount;
        }
    }
    public void ReleasedBeforeTheThrow(int amount)
    {
        Monitor.Enter(_gate);
        var enough = amount <= _balance;
        Monitor.Exit(_gate);
        if (!enough) throw new System.InvalidOperationException();
    }
    public int Pick(int n) => n switch { 0 => 1, _ => 2 };
}");

        [Fact]
        public Task UpgradeableReadReleasedFirst_WriteLockLeaks_Warns() => Verify.Diagnostics(@"
using System.Threading;
class Index
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private int _version;
    public void Bump()
    {
        _rw.EnterUpgradeableReadLock();
        {|#0:_rw.EnterWriteLock()|};
        _version++;
        _rw.ExitUpgradeableReadLock();
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_rw", 10, "'Bump()'", "returns"));

        [Fact]
        public Task UpgradeableReadReleasedFirst_ThenTheWriteLock_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
class Index
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private int _version;
    public void Bump()
    {
        _rw.EnterUpgradeableReadLock();
        _rw.EnterWriteLock();
        _version++;
        _rw.ExitUpgradeableReadLock();
        _rw.ExitWriteLock();
    }
    public void InOrder()
    {
        _rw.EnterUpgradeableReadLock();
        try
        {
            _rw.EnterWriteLock();
            try { _version++; } finally { _rw.ExitWriteLock(); }
        }
        finally
        {
            _rw.ExitUpgradeableReadLock();
        }
    }
}");

        [Fact]
        public Task UpgradedWriteLock_ReleasedAsAPlainReadLock_Warns() => Verify.Diagnostics(@"
using System.Threading;
class Index
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private int _version;
    public void Bump()
    {
        _rw.EnterUpgradeableReadLock();
        {|#1:_rw.EnterWriteLock()|};
        _version++;
        {|#0:_rw.ExitReadLock()|};
        _rw.ExitUpgradeableReadLock();
    }
}", Verify.Warning("LD0006").WithLocation(0).WithLocation(1));
    
        [Fact]
        public Task MayDropCallee_CalledWithoutItsLock_Warns() => Verify.Diagnostics(@"
using LockDiscipline;
class Walker
{
    static readonly Spin Global = new Spin();
    void Scan()
    {
        {|#0:Sched.CondReschedLock(Global)|};
    }
    [Acquires(""a"")]
    void Annotated(SleepLock a, Spin l)
    {
        a.Lock();
        {|#1:Sched.CondReschedLock(l)|};
    }
}",
            Verify.Warning("LD0008").WithLocation(0).WithArguments("'CondReschedLock()'", "Walker.Global", "MayDrop(\"l\")"),
            Verify.Warning("LD0008").WithLocation(1).WithArguments("'CondReschedLock()'", "l", "MayDrop(\"l\")"));

        [Fact]
        public Task MayDropCallee_CalledWithItsLock_NoWarning_AndCallersOfAnInferredDropAreExempt() => Verify.Diagnostics(@"
class Walker
{
    void Scan(Spin l)
    {
        l.Lock();
        Sched.CondReschedLock(l);
        l.Unlock();
    }
    // Not annotated: a wrapper whose drop of its parameter's lock is inferred; its callers hold the lock.
    void Relax(Spin l) { Sched.CondReschedLock(l); }
    void Caller(Spin l) { l.Lock(); Relax(l); l.Unlock(); }
}");
    }
}

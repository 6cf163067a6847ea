using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0005: a lock acquired while already held (AA); and LD0015, a second lock of its class without [AcquiresNested].</summary>
    public class LD0005DoubleAcquireTests
    {
        [Fact]
        public Task SpinLockTakenTwice_Warns_WithTheFirstAcquisition() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s)
    {
        {|#1:s.Lock()|};
        {|#0:s.Lock()|};
        s.Unlock();
    }
}",
            Verify.Warning("LD0005").WithLocation(0).WithLocation(1)
                .WithArguments("s", 6));

        [Fact]
        public Task ReentrantDotNetLocks_NoWarning() => Verify.Diagnostics(@"
using System.Threading;

namespace System.Threading
{
    // .NET 9's Lock, declared here since the tests compile against .NET 8: the compiler lowers
    // lock (Lock) to EnterScope() and the scope's Dispose().
    public sealed class Lock
    {
        public Scope EnterScope() => default;
        public ref struct Scope { public void Dispose() { } }
    }
}

class C1
{
    private readonly object _gate = new object();
    private readonly Lock _lock = new Lock();

    void M()
    {
        lock (_gate) { lock (_gate) { } }
        lock (_lock) { lock (_lock) { } }
        Monitor.Enter(_gate);
        Monitor.Enter(_gate);
        Monitor.Exit(_gate);
        Monitor.Exit(_gate);
    }
}");

        [Fact]
        public Task ReaderWriterLockSlim_WriteWhileRead_Warns_UpgradeFromUpgradeable_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
class C1
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

    void Bad()
    {
        _rw.EnterReadLock();
        {|#0:_rw.EnterWriteLock()|};
        _rw.ExitWriteLock();
    }

    void Upgrade()
    {
        _rw.EnterUpgradeableReadLock();
        _rw.EnterWriteLock();
        _rw.ExitWriteLock();
        _rw.ExitUpgradeableReadLock();
    }
}",
            Verify.Warning("LD0005").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations));

        [Fact]
        public Task TwoInstancesOfOneClass_IsLD0015_UnlessNested() => Verify.Diagnostics(@"
using LockDiscipline;

[LockType(LockKind.Spin)]
public sealed class NodeLock
{
    [Acquires] public void Lock() { }
    [AcquiresNested] public void LockNested() { }
    [Releases] public void Unlock() { }
}

public sealed class Node
{
    public readonly NodeLock L = new NodeLock();
}

class C1
{
    void Bad(Node parent, Node child)
    {
        parent.L.Lock();
        {|#0:child.L.Lock()|};
        child.L.Unlock();
        parent.L.Unlock();
    }

    void Good(Node parent, Node child)
    {
        parent.L.Lock();
        child.L.LockNested();
        child.L.Unlock();
        parent.L.Unlock();
    }
}",
            Verify.Warning("LD0015").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations));

        [Fact]
        public Task RelockAfterRelease_AndTryLockOfAHeldLock_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s)
    {
        s.Lock();
        s.Unlock();
        s.Lock();
        if (s.TryLock()) { }
        s.Unlock();
    }
}");
    }
}

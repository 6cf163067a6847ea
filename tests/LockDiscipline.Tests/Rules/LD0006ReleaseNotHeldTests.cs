using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0006: a release of a lock that is not held, or in the wrong mode.</summary>
    public class LD0006ReleaseNotHeldTests
    {
        [Fact]
        public Task DoubleRelease_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s)
    {
        s.Lock();
        s.Unlock();
        {|#0:s.Unlock()|};
    }
}",
            Verify.Warning("LD0006").WithLocation(0).WithArguments("s"));

        [Fact]
        public Task UnconditionalReleaseAfterConditionalLock_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s, bool c)
    {
        if (c) s.Lock();
        {|#0:s.Unlock()|};
    }
}",
            Verify.Warning("LD0006").WithLocation(0));

        [Fact]
        public Task ReleasingTheWrongMode_Warns() => Verify.Diagnostics(@"
using System.Threading;
class C1
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

    void M()
    {
        _rw.EnterWriteLock();
        {|#0:_rw.ExitReadLock()|};
    }
}",
            Verify.Warning("LD0006").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("_rw", "read", "writing", 9));

        [Fact]
        public Task ReleasesContract_LockTakenFlag_AndGuardTypes_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Threading;
using LockDiscipline;

[ScopedLock]
public readonly struct SpinGuard : IDisposable
{
    private readonly Spin _s;
    [Acquires(""s"")] public SpinGuard(Spin s) { _s = s; s.Lock(); }
    public void Dispose() => _s.Unlock();
}

class C1
{
    private SpinLock _spin = new SpinLock(false);

    [Releases(""s"")] void Drop(Spin s) => s.Unlock();

    void M(Spin s)
    {
        var taken = false;
        try
        {
            _spin.Enter(ref taken);
        }
        finally
        {
            if (taken) _spin.Exit();
        }

        using (new SpinGuard(s))
        {
        }

        s.Lock();
        Drop(s);
    }
}");
    }
}

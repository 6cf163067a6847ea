using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// A lock handed out as an opaque handle (session 24, a cache's per-key locker): the acquire returns the semaphore
    /// as <c>object</c> (null on a timeout), and the release casts it back. A semaphore's <c>Release</c> is a permit
    /// given back, never a lock's exit, however its receiver is typed; a mutex released through the same cast is one.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        [Fact]
        public Task SemaphoreReleasedThroughACastFromObject_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Threading;

sealed class KeyLocker
{
    private readonly SemaphoreSlim[] _pool = { new SemaphoreSlim(1, 1), new SemaphoreSlim(1, 1) };

    public object Acquire(string key, TimeSpan timeout)
    {
        var gate = _pool[(uint)key.GetHashCode() % (uint)_pool.Length];
        return gate.Wait(timeout) ? gate : null;
    }

    public void Release(object handle)
    {
        if (handle is null) return;
        try { ((SemaphoreSlim)handle).Release(); }
        catch (ObjectDisposedException) { }
    }
}");

        [Fact]
        public Task MutexReleasedTwiceThroughACastFromObject_Warns() => Verify.Diagnostics(@"
using System;
using System.Threading;

sealed class KeyLocker
{
    public void Release(object handle)
    {
        if (handle is null) return;
        ((Mutex)handle).ReleaseMutex();
        {|#0:((Mutex)handle).ReleaseMutex()|};
    }
}", Verify.Warning("LD0006").WithLocation(0).WithArguments("handle"));
    }
}

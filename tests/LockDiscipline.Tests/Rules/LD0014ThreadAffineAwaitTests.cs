using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0014: an await while a lock owned by its thread is held; SemaphoreSlim and locks released first are fine.</summary>
    public class LD0014ThreadAffineAwaitTests
    {
        [Fact]
        public Task AwaitUnderMonitorReaderWriterLockAndMutex_Warns() => Verify.Diagnostics(@"
using System.Threading;
using System.Threading.Tasks;
class Store
{
    private readonly object _gate = new object();
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private readonly Mutex _mutex = new Mutex();

    async Task Flush()
    {
        {|#1:Monitor.Enter(_gate)|};
        {|#0:await Task.Delay(1)|};
        Monitor.Exit(_gate);
    }

    async Task Read()
    {
        {|#3:_rw.EnterReadLock()|};
        {|#2:await Task.Yield()|};
        _rw.ExitReadLock();
    }

    async Task Exclusive()
    {
        {|#5:_mutex.WaitOne()|};
        {|#4:await Task.Delay(1)|};
        _mutex.ReleaseMutex();
    }
}",
            Verify.Warning("LD0014").WithLocation(0).WithLocation(1).WithArguments("_gate", 12, "Monitor"),
            Verify.Warning("LD0014").WithLocation(2).WithLocation(3).WithArguments("_rw", 19, "ReaderWriterLockSlim"),
            Verify.Warning("LD0014").WithLocation(4).WithLocation(5).WithArguments("_mutex", 26, "Mutex"));

        [Fact]
        public Task SemaphoreSlim_ReleasedFirst_OrALambdaThatRunsLater_NoWarning() => Verify.Diagnostics(@"
using System;
using System.Threading;
using System.Threading.Tasks;
class Store
{
    private readonly object _gate = new object();
    private readonly SemaphoreSlim _async = new SemaphoreSlim(1, 1);
    private Func<Task>? _later;

    async Task Flush()
    {
        await _async.WaitAsync();
        try { await Task.Delay(1); }
        finally { _async.Release(); }
    }

    async Task SynchronousWaitOnASemaphore()
    {
        _async.Wait();
        try { await Task.Delay(1); }
        finally { _async.Release(); }
    }

    async Task ReleasedBeforeTheAwait()
    {
        Monitor.Enter(_gate);
        var snapshot = 1;
        Monitor.Exit(_gate);
        await Task.Delay(snapshot);
    }

    void Schedule()
    {
        lock (_gate)
        {
            _later = async () => await Task.Delay(1);
        }
    }
}");
    }
}

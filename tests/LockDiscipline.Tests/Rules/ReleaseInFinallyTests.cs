using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// A finally runs on the normal path too: a lock released in the try and again in its finally is
    /// released twice there, while the exceptional paths into the finally (where it may still be held)
    /// must not hide that, nor turn the usual idioms into reports.
    /// </summary>
    public class ReleaseInFinallyTests
    {
        [Fact]
        public Task ReleasedInTheTry_AndAgainInTheFinally_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Counter
{
    private readonly object _gate = new object();
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private int _n;

    public void Bump()
    {
        Monitor.Enter(_gate);
        try
        {
            _n++;
            Monitor.Exit(_gate);
        }
        finally
        {
            {|#0:Monitor.Exit(_gate)|};
        }
    }

    public int Read(bool early)
    {
        _rw.EnterReadLock();
        try
        {
            if (early)
            {
                _rw.ExitReadLock();
                return 0;
            }

            return _n;
        }
        finally
        {
            {|#1:_rw.ExitReadLock()|};
        }
    }
}",
            Verify.Warning("LD0006").WithLocation(0).WithArguments("_gate"),
            Verify.Warning("LD0006").WithLocation(1).WithArguments("_rw"));

        [Fact]
        public Task TheUsualFinallyIdioms_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Counter
{
    private readonly object _gate = new object();
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private int _n;

    public int EnterInsideTheTry()
    {
        try
        {
            Monitor.Enter(_gate);
            return ++_n;
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    public void Flag(bool early)
    {
        var taken = false;
        try
        {
            Monitor.Enter(_gate, ref taken);
            if (early) return;
            _n++;
        }
        finally
        {
            if (taken) Monitor.Exit(_gate);
        }
    }

    public int Nested()
    {
        _rw.EnterReadLock();
        try
        {
            Monitor.Enter(_gate);
            try { return _n; }
            finally { Monitor.Exit(_gate); }
        }
        finally
        {
            _rw.ExitReadLock();
        }
    }

    public void ReleasedEarly_FlagCleared()
    {
        var held = true;
        Monitor.Enter(_gate);
        try
        {
            _n++;
            Monitor.Exit(_gate);
            held = false;
            System.Console.WriteLine(held);
        }
        finally
        {
            if (held) Monitor.Exit(_gate);
        }
    }
}");
    }
}

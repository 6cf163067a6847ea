using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// A timed wait on a mutex whose result is kept in a flag, inside a try that catches <c>AbandonedMutexException</c>
    /// (session 24; session 22's reviewer found the false negative). When the wait throws that, the thread owns the
    /// mutex, but the assignment never happened: the flag keeps the value it had before the wait.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        private const string JournalHead = @"
using System.Threading;

public sealed class Journal
{
    private readonly Mutex _mutex = new Mutex();
    private int _entries;
";

        [Fact]
        public Task AbandonedWait_FlagNotSetInTheCatch_MutexNeverReleased_Warns() => Verify.Diagnostics(JournalHead + @"
    public void Append()
    {
        bool taken = false;
        try { taken = {|#0:_mutex.WaitOne(1000)|}; }
        catch (AbandonedMutexException) { }
        if ({|#1:taken|})
        {
            _entries++;
            _mutex.ReleaseMutex();
        }
    }
}", Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("_mutex", 12, 14));

        [Fact]
        public Task AbandonedWait_CatchRecordsTheOwnership_NoWarning() => Verify.Diagnostics(JournalHead + @"
    public void Append()
    {
        bool taken = false;
        try { taken = _mutex.WaitOne(1000); }
        catch (AbandonedMutexException) { taken = true; }
        if (taken)
        {
            _entries++;
            _mutex.ReleaseMutex();
        }
    }
}");

        [Fact]
        public Task AbandonedWait_CatchReleasesAndGivesUp_NoWarning() => Verify.Diagnostics(JournalHead + @"
    public bool TryAppend()
    {
        bool taken;
        try { taken = _mutex.WaitOne(1000); }
        catch (AbandonedMutexException) { _mutex.ReleaseMutex(); return false; }
        if (!taken)
        {
            return false;
        }

        _entries++;
        _mutex.ReleaseMutex();
        return true;
    }
}");
    }
}

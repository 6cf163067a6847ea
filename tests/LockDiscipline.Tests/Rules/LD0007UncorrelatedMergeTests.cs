using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// LD0007: paths meet holding different locks, and nothing tells them apart. Where a condition does
    /// (the handle tested before locking, a try-lock's bool, the same <c>c &amp;&amp; d</c> tested twice), we
    /// decide differently from Clang, which reports every such join: the paths are kept apart and the
    /// code is accepted.
    /// </summary>
    public class LD0007UncorrelatedMergeTests
    {
        [Fact]
        public Task LockedUnderAFieldTest_Warns_AtTheAcquisition_NamingTheMerge() => Verify.Diagnostics(@"
class C1
{
    private bool _enabled;
    public void Enable() { _enabled = true; } // a flag that may change between the tests (one fixed at construction correlates them)

    void M(Spin s)
    {
        if (_enabled) {|#0:s.Lock()|};
        {|#1:Work();|}
        if (_enabled) s.Unlock();
    }

    void Work() { }
}",
            Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("s", 9, 10));

        [Fact]
        public Task LoopBodyThatTakesTheLock_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s, int n)
    {
        for (var i = 0; {|#1:i < n|}; i++)
        {
            {|#0:s.Lock()|};
        }
    }
}",
            Verify.Warning("LD0007").WithLocation(0).WithLocation(1));

        [Fact]
        public Task CorrelatedConditions_NoWarning_WhereClangWouldWarn() => Verify.Diagnostics(@"
class C1
{
    void ByHandle(Spin? s)
    {
        if (s != null) s.Lock();
        if (s != null) s.Unlock();
    }

    void ByTryLockResult(Spin s)
    {
        var got = s.TryLock();
        if (got) s.Unlock();
    }

    void ByTheSameCompoundCondition(Spin s, bool c, bool d)
    {
        if (c && d) s.Lock();
        if (c && d) s.Unlock();
    }

    void JoinAfterTryLock(Spin s)
    {
        if (!s.TryLock()) return;
        s.Unlock();
    }
}");
    }
}

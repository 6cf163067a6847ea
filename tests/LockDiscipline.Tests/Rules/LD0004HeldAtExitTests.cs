using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0004: a lock taken in a method is still held, on some path, when it returns.</summary>
    public class LD0004HeldAtExitTests
    {
        [Fact]
        public Task EarlyReturnSkipsTheRelease_Warns_AtTheAcquisition() => Verify.Diagnostics(@"
class C1
{
    int M(Spin s, bool c)
    {
        {|#0:s.Lock()|};
        if (c) return 1;
        s.Unlock();
        return 0;
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("s", 6, "'M()'", "returns on some path"));

        [Fact]
        public Task ReleasedOnEveryPath_TryFinally_AndBalancedBranches_NoWarning() => Verify.Diagnostics(@"
class C1
{
    int M(Spin s, bool c)
    {
        s.Lock();
        try
        {
            if (c) return 1;
            return 0;
        }
        finally
        {
            s.Unlock();
        }
    }

    void N(Spin s, bool c)
    {
        if (c) { s.Lock(); s.Unlock(); } else { s.Lock(); s.Unlock(); }
    }
}");

        [Fact]
        public Task DeclaredAcquires_AndTryAcquires_MayReturnHoldingIt_NoWarning() => Verify.Diagnostics(@"
using LockDiscipline;
class C1
{
    [Acquires(""s"")] void Take(Spin s) { s.Lock(); }

    [TryAcquires(true, ""s"")] bool TryTake(Spin s) => s.TryLock();
}");

        [Fact]
        public Task LockedInALoopWithBreak_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s, int n)
    {
        for (var i = 0; i < n; i++)
        {
            {|#0:s.Lock()|};
            if (i == 3) break;
            s.Unlock();
        }
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("s", 8, "'M()'", "returns on some path"));

        [Fact]
        public Task Lambda_ThatLeavesItsLockHeld_Warns_NamingTheLambda() => Verify.Diagnostics(@"
class C1
{
    System.Action M(Spin s) => () => { {|#0:s.Lock()|}; };
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("s", 4, "the lambda", "returns"));

        [Fact]
        public Task ConditionalLocking_CorrelatedWithItsCondition_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(Spin? s)
    {
        if (s != null) s.Lock();
        if (s != null) s.Unlock();
    }
}");
    }
}

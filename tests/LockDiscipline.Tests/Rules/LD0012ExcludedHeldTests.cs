using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0012: an [Excludes] method is called while its lock is held.</summary>
    public class LD0012ExcludedHeldTests
    {
        private const string Cache = @"
using LockDiscipline;

public sealed class Cache
{
    public readonly Spin Lock = new Spin();

    [Excludes(""Lock"")] public void Refresh() { Lock.Lock(); Lock.Unlock(); }
}
";

        [Fact]
        public Task CalledUnderTheLock_Warns_WithTheAcquisition() => Verify.Diagnostics(Cache + @"
class C1
{
    void M(Cache c)
    {
        {|#1:c.Lock.Lock()|};
        {|#0:c.Refresh()|};
        c.Lock.Unlock();
    }
}",
            Verify.Warning("LD0012").WithLocation(0).WithLocation(1).WithArguments("'Refresh()'", "c.Lock", 15));

        [Fact]
        public Task CalledWithoutIt_OrWithAnotherInstancesLock_NoWarning() => Verify.Diagnostics(Cache + @"
class C1
{
    void M(Cache c, Cache other)
    {
        c.Refresh();
        other.Lock.Lock();
        c.Refresh();
        other.Lock.Unlock();
    }
}");
    }
}

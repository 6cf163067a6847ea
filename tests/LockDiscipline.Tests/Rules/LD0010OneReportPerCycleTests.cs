using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0010 reports each cycle of lock classes once, however many call paths lead to its edges.</summary>
    public class LD0010OneReportPerCycleTests
    {
        [Fact]
        public Task OneCycle_ReachedThroughThreeCallPaths_OneReport() => Verify.Diagnostics(@"
class Cache
{
    private readonly object _index = new object();
    private readonly object _store = new object();
    void Put() { lock ({|#2:_index|}) { {|#0:ViaA()|}; ViaB(); ViaC(); } }
    void ViaA() => Write();
    void ViaB() => Write();
    void ViaC() { Write(); Write(); }
    void Write() { lock (_store) { } }
    void Compact() { lock ({|#3:_store|}) { lock ({|#1:_index|}) { } } }
}", Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
    .WithArguments("Cache._store taken while holding Cache._index at Test1.cs:6, through ViaA() → Write() which takes it at Test1.cs:10; Cache._index taken while holding Cache._store at Test1.cs:11"));
    }
}

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

        /// <summary>
        /// Two cycles that start at the same acquisition (a search library's writer: four of its monitors, each cycle a
        /// route around the same first edge): one finding at that line, the shortest cycle; the longer route through a
        /// third lock is not a second warning there.
        /// </summary>
        [Fact]
        public Task TwoCyclesThroughTheSameFirstAcquisition_OneReport_TheShortest() => Verify.Diagnostics(@"
class Index
{
    private readonly object _a = new object();
    private readonly object _b = new object();
    private readonly object _c = new object();
    void First() { lock ({|#2:_a|}) { lock ({|#0:_b|}) { } } }
    void Back() { lock ({|#3:_b|}) { lock ({|#1:_a|}) { } } }
    void Around() { lock (_b) { lock (_c) { } } }
    void Home() { lock (_c) { lock (_a) { } } }
}", Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
    .WithArguments("Index._b taken while holding Index._a at Test1.cs:7; Index._a taken while holding Index._b at Test1.cs:8"));
    }
}

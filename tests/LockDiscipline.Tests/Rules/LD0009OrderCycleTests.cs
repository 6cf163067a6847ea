using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0009: the declared order must be a partial order.</summary>
    public class LD0009OrderCycleTests
    {
        [Fact]
        public Task TwoLocksBeforeEachOther_ErrorOnBothDeclarations() => Verify.DiagnosticsWithoutPrelude(@"
using LockDiscipline;
class L
{
    [{|#0:AcquiredBefore(typeof(L), nameof(B))|}] public readonly object A = new object();
    [{|#1:AcquiredBefore(typeof(L), nameof(A))|}] public readonly object B = new object();
}",
            Verify.Error("LD0009").WithLocation(0).WithArguments("L.A → L.B → L.A"),
            Verify.Error("LD0009").WithLocation(1).WithArguments("L.B → L.A → L.B"));

        [Fact]
        public Task ThreeLockCycle_MixingBeforeAndAfter() => Verify.DiagnosticsWithoutPrelude(@"
using LockDiscipline;
class L
{
    [{|LD0009:AcquiredBefore(typeof(L), nameof(B))|}] public readonly object A = new object();
    [{|LD0009:AcquiredBefore(typeof(L), nameof(C))|}] public readonly object B = new object();
    [{|LD0009:AcquiredBefore(typeof(L), nameof(A))|}] public readonly object C = new object();
}");

        [Fact]
        public Task ChainAndDiamond_NoCycle() => Verify.DiagnosticsWithoutPrelude(@"
using LockDiscipline;
class L
{
    [AcquiredBefore(typeof(L), nameof(B)), AcquiredBefore(typeof(L), nameof(C))] public readonly object A = new object();
    [AcquiredBefore(typeof(L), nameof(D))] public readonly object B = new object();
    [AcquiredAfter(typeof(L), nameof(A))] public readonly object C = new object();
    [AcquiredAfter(typeof(L), nameof(C))] public readonly object D = new object();
}");
    }
}

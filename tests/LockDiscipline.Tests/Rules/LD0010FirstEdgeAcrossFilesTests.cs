using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// A pair of lock classes taken in one order in several places is reported at its first place in source order:
    /// the file first (by path, ordinally), then the position in it, wherever the place is met in analysis.
    /// </summary>
    public class LD0010FirstEdgeAcrossFilesTests
    {
        private const string First = @"
partial class C
{
    // The pair's edge here is further into its file than the one in B.cs,
    // but this file comes first.
    //
    //
    //
    //
    void P() { lock ({|#2:_a|}) { lock ({|#0:_b|}) { } } }
}";

        private const string Second = @"
partial class C
{
    private readonly object _a = new object();
    private readonly object _b = new object();
    void Q() { lock (_a) { lock (_b) { } } }
    void R() { lock ({|#3:_b|}) { lock ({|#1:_a|}) { } } }
}";

        [Fact]
        public Task TheEdgeInTheFirstFile_IsTheOneReported()
        {
            var test = new LockAnalyzerTest(withPrelude: false);
            test.TestState.Sources.Add(("/0/A.cs", First));
            test.TestState.Sources.Add(("/0/B.cs", Second));
            test.ExpectedDiagnostics.Add(Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
                .WithArguments("C._b taken while holding C._a at A.cs:10; C._a taken while holding C._b at B.cs:7"));
            return test.RunAsync(CancellationToken.None);
        }
    }
}

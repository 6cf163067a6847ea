using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>A body whose analysis reaches its bound says so (LD0017), so that "clean" and "not analyzed" can be told apart.</summary>
    public class LD0017AnalysisAbandonedTests
    {
        /// <summary>
        /// A loop of forty branches that flip tracked flags, with a lock held across it: the flags' values
        /// keep changing at the loop head, so its blocks are visited several times before the fixpoint.
        /// </summary>
        private static string LoopOfBranches(string methodMarkup)
        {
            var branches = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"            if (flags[{i}]) f{i % 8} = !f{i % 8};"))
                + "\n" + string.Join("\n", Enumerable.Range(0, 8).Select(i => $"            if (f{i}) count++;"));
            return @"
class Counter
{
    private readonly object _gate = new object();
    public int " + methodMarkup + @"(bool[] flags, int rounds)
    {
        var count = 0;
        bool f0 = false, f1 = false, f2 = false, f3 = false, f4 = false, f5 = false, f6 = false, f7 = false;
        lock (_gate)
        {
            for (var r = 0; r < rounds; r++)
            {
" + branches + @"
            }
        }
        return count;
    }
}";
        }

        private static Task Run(string source, string? bound, params DiagnosticResult[] expected) =>
            Verify.DiagnosticsWithOption("lockdiscipline.max_visits_per_block", bound, withPrelude: false, source, expected);

        [Fact]
        public Task BodyBeyondTheBound_ReportsThatItWasNotAnalyzed() => Run(
            LoopOfBranches("{|#0:Count|}"),
            "1",
            new DiagnosticResult("LD0017", DiagnosticSeverity.Info).WithLocation(0)
                .WithArguments("Counter.Count(bool[], int)", "its fixpoint needed more than 1 visits per block; raise lockdiscipline.max_visits_per_block to analyze it"));

        [Fact]
        public Task SameBody_WithinTheDefaultBound_IsAnalyzedAndClean() => Run(LoopOfBranches("Count"), bound: null);

        [Fact]
        public Task AbandonedBody_RaisesNothingElse_EvenWhereItWouldWarn() => Run(
            LoopOfBranches("{|#0:Count|}").Replace("return count;", "System.Threading.Monitor.Enter(_gate); return count;"),
            "1",
            new DiagnosticResult("LD0017", DiagnosticSeverity.Info).WithLocation(0)
                .WithArguments("Counter.Count(bool[], int)", "its fixpoint needed more than 1 visits per block; raise lockdiscipline.max_visits_per_block to analyze it"));

        [Fact]
        public Task UnabandonedTwin_OfTheBodyAbove_Warns() => Run(
            LoopOfBranches("Count").Replace("return count;", "{|#0:System.Threading.Monitor.Enter(_gate)|}; return count;"),
            bound: null,
            Verify.Warning("LD0004").WithLocation(0).WithArguments("_gate", 63, "'Count()'", "returns"));
    }
}

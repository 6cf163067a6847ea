using System.Threading.Tasks;
using Xunit;

namespace LockDiscipline.Cli.Tests
{
    public class ExplainTests
    {
        [Theory]
        [InlineData("LD0001")]
        [InlineData("ld0001")]
        [InlineData("1")]
        public async Task Explain_PrintsTheRulePage(string id)
        {
            var run = await CliRun.RunAsync("explain", id);
            Assert.Equal(0, run.ExitCode);
            Assert.StartsWith("# LD0001: Lock acquired against the declared order", run.Stdout);
            Assert.Contains("## Example that fires", run.Stdout);
        }

        [Fact]
        public async Task Explain_EveryRuleOfTheAnalyzersHasAnEmbeddedPage()
        {
            foreach (var descriptor in LockDiscipline.Analyzers.LockDisciplineRunner.Analyzers.SelectManyDescriptors())
            {
                var run = await CliRun.RunAsync("explain", descriptor);
                Assert.True(run.ExitCode == 0, descriptor + ": " + run);
                Assert.StartsWith("# " + descriptor, run.Stdout);
            }
        }

        [Fact]
        public async Task Explain_UnknownRule_Exit2_ListsTheRules()
        {
            var run = await CliRun.RunAsync("explain", "LD9999");
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("no rule 'LD9999'", run.Stderr);
            Assert.Contains("LD0100", run.Stderr);
            Assert.Equal("", run.Stdout);
        }

        [Fact]
        public async Task Explain_WithNoRule_ListsThemWithTitles()
        {
            var run = await CliRun.RunAsync("explain");
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("LD0002  Might sleep while a spin lock is held", run.Stdout);
        }
    }

    internal static class DescriptorExtensions
    {
        public static System.Collections.Generic.IEnumerable<string> SelectManyDescriptors(this System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer> analyzers) =>
            System.Linq.Enumerable.Distinct(System.Linq.Enumerable.SelectMany(analyzers, a => System.Linq.Enumerable.Select(a.SupportedDiagnostics, d => d.Id)));
    }
}

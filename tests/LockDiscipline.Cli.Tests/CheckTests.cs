using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace LockDiscipline.Cli.Tests
{
    public class CheckTests : IClassFixture<CheckFixture>
    {
        private readonly CheckFixture _fixture;

        public CheckTests(CheckFixture fixture) => _fixture = fixture;

        [Fact]
        public void Diagnostics_PrintedAsDotnetBuildDoes_GroupedByProject_WithSummary_Exit1()
        {
            var run = _fixture.Check;
            Assert.Equal(1, run.ExitCode);
            var leak = _fixture.Solution.FilePath("Locks", "Locks.cs");
            // path(line,col): warning LD0004: message [project]
            Assert.Matches(new Regex("^  " + Regex.Escape(leak) + @"\(22,13\): warning LD0004: .+ \[.*Locks\.csproj\]$", RegexOptions.Multiline), run.Stdout);
            Assert.Matches(new Regex(@"^Locks: \d+ diagnostics?$", RegexOptions.Multiline), run.Stdout);
            Assert.Matches(new Regex(@"^LockDiscipline: 2 projects checked, 0 errors, \d+ warnings?, 0 messages$", RegexOptions.Multiline), run.Stdout);
            // Progress goes to stderr, not into the report.
            Assert.Contains("Analyzing Locks", run.Stderr);
            Assert.DoesNotContain("Analyzing", run.Stdout);
        }

        [Fact]
        public void CrossProjectDeadlock_ReportedOnce_NamingBothSites()
        {
            var run = _fixture.Check;
            var ld0010 = run.Stdout.Split('\n').Where(l => l.Contains(": warning LD0010:")).ToList();
            Assert.True(ld0010.Count == 1, run.ToString());
            Assert.Contains("Across projects", run.Stdout);
            // Both halves: Locks.cs takes B under A, User.cs takes A under B.
            Assert.Contains("Locks.cs", ld0010[0]);
            Assert.Contains("User.cs", ld0010[0]);
        }

        [Fact]
        public void Sarif_IsSarif210_WithRules_Results_AndRelatedLocations()
        {
            using var document = JsonDocument.Parse(File.ReadAllText(_fixture.SarifPath));
            var root = document.RootElement;
            Assert.Equal("2.1.0", root.GetProperty("version").GetString());
            Assert.Contains("sarif-2.1.0", root.GetProperty("$schema").GetString());
            var run = root.GetProperty("runs")[0];
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.Equal("LockDiscipline", driver.GetProperty("name").GetString());
            var rules = driver.GetProperty("rules").EnumerateArray().ToList();
            var ids = rules.Select(r => r.GetProperty("id").GetString()).ToList();
            Assert.Contains("LD0001", ids);
            Assert.Contains("LD0010", ids);
            Assert.Contains("LD0100", ids);
            foreach (var rule in rules)
            {
                Assert.StartsWith("https://", rule.GetProperty("helpUri").GetString());
                Assert.False(string.IsNullOrEmpty(rule.GetProperty("help").GetProperty("text").GetString()));
                Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
            }

            Assert.True(run.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean());
            var results = run.GetProperty("results").EnumerateArray().ToList();
            Assert.NotEmpty(results);
            foreach (var result in results)
            {
                var id = result.GetProperty("ruleId").GetString();
                Assert.Equal(id, ids[result.GetProperty("ruleIndex").GetInt32()]);
                Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
                Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
                var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                Assert.EndsWith(".cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
                Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() > 0);
            }

            var leak = results.Single(r => r.GetProperty("ruleId").GetString() == "LD0004");
            Assert.Equal("Locks/Locks.cs", leak.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal("SRCROOT", leak.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.Equal(22, leak.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());

            // The cross-project deadlock carries the other half as a related location, in the other project's file.
            var deadlock = results.Single(r => r.GetProperty("ruleId").GetString() == "LD0010");
            var files = deadlock.GetProperty("locations").EnumerateArray()
                .Concat(deadlock.GetProperty("relatedLocations").EnumerateArray())
                .Select(l => l.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())
                .ToList();
            Assert.Contains("Locks/Locks.cs", files);
            Assert.Contains("User/User.cs", files);
        }

        [Fact]
        public async Task MissingPath_Exit2_WithAMessage_NoStackTrace()
        {
            var run = await CliRun.RunAsync("check", Path.Combine(_fixture.Solution.Root, "nothing-here.sln"));
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("nothing-here.sln' does not exist", run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr + run.Stdout);
        }

        [Fact]
        public async Task NotAProject_Exit2()
        {
            var file = Path.Combine(_fixture.Solution.Root, "notes.txt");
            File.WriteAllText(file, "hello");
            var run = await CliRun.RunAsync("check", file);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("is not a solution (.sln) or a C# project (.csproj)", run.Stderr);
        }

        [Fact]
        public async Task BadOption_Exit2_WithUsageHint()
        {
            var run = await CliRun.RunAsync("check", _fixture.Solution.SolutionPath, "--fail-on", "sometimes");
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("sometimes", run.Stderr);
            Assert.Contains("--help", run.Stderr);
        }

        [Fact]
        public async Task NoCommand_Exit2()
        {
            var run = await CliRun.RunAsync();
            Assert.Equal(2, run.ExitCode);
        }
    }
}

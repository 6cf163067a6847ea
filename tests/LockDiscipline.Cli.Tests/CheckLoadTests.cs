using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace LockDiscipline.Cli.Tests
{
    /// <summary>Checks that each need a project of their own (one MSBuild load each).</summary>
    public class CheckLoadTests
    {
        private const string LeakSource = @"using System.Threading;

public static class Leaky
{
    private static readonly object Gate = new object();

    public static void Leak(bool early)
    {
        Monitor.Enter(Gate);
        if (early)
        {
            return;
        }

        Monitor.Exit(Gate);
    }
}
";

        [Fact]
        public async Task CleanProject_Exit0()
        {
            using var solution = new TempSolution("clean").Project("Clean", Array.Empty<string>(), ("Clean.cs", @"
public static class Clean
{
    private static readonly object Gate = new object();
    public static int Count;
    public static void Add() { lock (Gate) { Count++; } }
}"));
            var run = await CliRun.RunAsync("check", solution.ProjectPath("Clean"));
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("LockDiscipline: 1 project checked, 0 errors, 0 warnings, 0 messages", run.Stdout);
            Assert.DoesNotContain("LD0", run.Stdout);
        }

        [Fact]
        public async Task Property_IsAGlobalMSBuildPropertyOfTheLoad_AndAMalformedOneIsAUsageError()
        {
            using var solution = new TempSolution("property").Project("Leaky", Array.Empty<string>(), ("Leaky.cs", "#if LEAK\n" + LeakSource + "#endif\n"));
            var without = await CliRun.RunAsync("check", solution.ProjectPath("Leaky"));
            Assert.True(without.ExitCode == 0, without.ToString());
            Assert.DoesNotContain("LD0004", without.Stdout);

            var with = await CliRun.RunAsync("check", solution.ProjectPath("Leaky"), "--no-restore", "-p", "DefineConstants=LEAK");
            Assert.True(with.ExitCode == 1, with.ToString());
            Assert.Contains("warning LD0004", with.Stdout);

            var malformed = await CliRun.RunAsync("check", solution.ProjectPath("Leaky"), "--no-restore", "-p", "DefineConstants");
            Assert.Equal(2, malformed.ExitCode);
            Assert.Contains("--property 'DefineConstants' is not name=value", malformed.Stderr);
            Assert.DoesNotContain("   at ", malformed.Stderr);
        }

        [Fact]
        public async Task EditorConfig_SeverityNone_SilencesTheRule()
        {
            using var solution = new TempSolution("none").Project("Leaky", Array.Empty<string>(), ("Leaky.cs", LeakSource))
                .WithFile(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.LD0004.severity = none\n");
            var run = await CliRun.RunAsync("check", solution.Root);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.DoesNotContain("LD0004", run.Stdout);
        }

        [Fact]
        public async Task EditorConfig_SeverityError_FailsOnError()
        {
            using var solution = new TempSolution("error").Project("Leaky", Array.Empty<string>(), ("Leaky.cs", LeakSource))
                .WithFile(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.LD0004.severity = error\n");
            var run = await CliRun.RunAsync("check", solution.ProjectPath("Leaky"), "--fail-on", "error");
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains(": error LD0004:", run.Stdout);
        }

        [Fact]
        public async Task DefaultSeverity_IsAWarning_SoFailOnErrorPasses()
        {
            using var solution = new TempSolution("warn").Project("Leaky", Array.Empty<string>(), ("Leaky.cs", LeakSource));
            var run = await CliRun.RunAsync("check", solution.ProjectPath("Leaky"), "--fail-on", "error");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains(": warning LD0004:", run.Stdout);
        }

        [Fact]
        public async Task CrossProjectDeadlock_TakesItsSeverityFromEditorConfig()
        {
            using var solution = new TempSolution("cross-error")
                .Project("Locks", Array.Empty<string>(), ("Locks.cs", CheckFixture.LocksSource))
                .Project("User", new[] { "Locks" }, ("User.cs", CheckFixture.UserSource))
                .WithFile(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.LD0010.severity = error\ndotnet_diagnostic.LD0004.severity = none\n");
            var run = await CliRun.RunAsync("check", solution.WriteSolution(), "--fail-on", "error");
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains(": error LD0010:", run.Stdout);
            Assert.DoesNotContain("LD0004", run.Stdout);
        }

        [Fact]
        public async Task CrossProjectDeadlock_SuppressedByPragma()
        {
            const string Pragma = "#pragma warning disable LD0010\n";
            using var solution = new TempSolution("cross-pragma")
                .Project("Locks", Array.Empty<string>(), ("Locks.cs", Pragma + CheckFixture.LocksSource))
                .Project("User", new[] { "Locks" }, ("User.cs", Pragma + CheckFixture.UserSource));
            var run = await CliRun.RunAsync("check", solution.WriteSolution());
            Assert.True(run.ExitCode == 1, run.ToString()); // LD0004 is still there
            Assert.Contains(": warning LD0004:", run.Stdout);
            Assert.DoesNotContain("LD0010", run.Stdout);
        }

        [Fact]
        public async Task FSharpProjectInTheSolution_Skipped_NotALoadError()
        {
            using var solution = new TempSolution("fsharp")
                .Project("Leaky", Array.Empty<string>(), ("Leaky.cs", LeakSource))
                .Project("Functional", Array.Empty<string>());
            File.Delete(solution.ProjectPath("Functional"));
            var fsproj = Path.Combine(solution.Root, "Functional", "Functional.fsproj");
            File.WriteAllText(fsproj, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><ItemGroup><Compile Include=\"A.fs\" /></ItemGroup></Project>");
            File.WriteAllText(Path.Combine(solution.Root, "Functional", "A.fs"), "module A\nlet x = 1\n");
            var sln = solution.WriteSolution();
            File.WriteAllText(sln, File.ReadAllText(sln).Replace("Functional\\Functional.csproj", "Functional\\Functional.fsproj"));
            var run = await CliRun.RunAsync("check", sln, "--no-restore");
            Assert.True(run.ExitCode == 1, run.ToString()); // the C# project's LD0004, and no load error
            Assert.Contains("Functional.fsproj (not a C# project)", run.Stderr);
            Assert.DoesNotContain("error:", run.Stderr);
            Assert.Contains(": warning LD0004:", run.Stdout);
        }

        [Fact]
        public async Task ProjectThatDoesNotLoad_Exit2_TheOthersStillChecked()
        {
            using var solution = new TempSolution("broken")
                .Project("Leaky", Array.Empty<string>(), ("Leaky.cs", LeakSource))
                .Project("Broken", Array.Empty<string>(), ("Broken.cs", "public class Broken { }"));
            File.WriteAllText(solution.ProjectPath("Broken"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>"); // not even XML
            solution.WriteSolution();
            var sarif = Path.Combine(solution.Root, "broken.sarif");
            var run = await CliRun.RunAsync("check", solution.SolutionPath, "--sarif", sarif);
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("Broken", run.Stderr);
            using (var log = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sarif)))
            {
                var invocation = log.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
                Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
                Assert.Contains("Broken", invocation.GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString());
            }

            Assert.Contains(": warning LD0004:", run.Stdout);
            Assert.DoesNotContain("   at ", run.Stderr);
        }
    }
}

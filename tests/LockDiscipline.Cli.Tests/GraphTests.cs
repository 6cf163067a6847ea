using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace LockDiscipline.Cli.Tests
{
    /// <summary>One small project with a declared order, code that keeps it, code that breaks it, and a spin lock.</summary>
    public sealed class GraphFixture : IAsyncLifetime
    {
        public const string Source = @"using System;
using System.Threading;

namespace LockDiscipline
{
    // Declared here by full name, as a project may instead of referencing the annotations.
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = true)]
    public sealed class AcquiredBeforeAttribute : Attribute
    {
        public AcquiredBeforeAttribute(Type type, string member) { }
    }
}

public static class Gates
{
    [LockDiscipline.AcquiredBefore(typeof(Gates), nameof(Ledger))]
    public static readonly object Accounts = new object();
    public static readonly object Ledger = new object();
    public static SpinLock Queue = new SpinLock(false);
}

public static class Transfers
{
    public static void InOrder()
    {
        lock (Gates.Accounts)
        {
            lock (Gates.Ledger)
            {
                var taken = false;
                Gates.Queue.Enter(ref taken);
                Gates.Queue.Exit();
            }
        }
    }

    public static void Backwards()
    {
        lock (Gates.Ledger)
        {
            lock (Gates.Accounts)
            {
            }
        }
    }
}
";

        public TempSolution Solution { get; } = new TempSolution("graph");

        public CliRun Dot { get; private set; } = null!;

        public string DotPath => Path.Combine(Solution.Root, "order.dot");

        public async Task InitializeAsync()
        {
            Solution.Project("Ordered", Array.Empty<string>(), ("Gates.cs", Source));
            Dot = await CliRun.RunAsync("graph", Solution.ProjectPath("Ordered"), "-o", DotPath);
        }

        public Task DisposeAsync()
        {
            Solution.Dispose();
            return Task.CompletedTask;
        }
    }

    public class GraphTests : IClassFixture<GraphFixture>
    {
        private readonly GraphFixture _fixture;

        public GraphTests(GraphFixture fixture) => _fixture = fixture;

        [Fact]
        public void Dot_FormatFromTheExtension_NodesAreLockClasses_WithTheirKind()
        {
            Assert.True(_fixture.Dot.ExitCode == 0, _fixture.Dot.ToString());
            Assert.Contains("written to " + _fixture.DotPath, _fixture.Dot.Stderr);
            var dot = File.ReadAllText(_fixture.DotPath);
            Assert.StartsWith("digraph \"Lock order of Ordered\" {", dot);
            // Blocking locks (the lock statement's objects) rounded and blue, the SpinLock square and orange.
            Assert.Matches(@"""Gates\.Accounts"" \[shape=box, style=""rounded,filled""", dot);
            Assert.Matches(@"""Gates\.Ledger"" \[shape=box, style=""rounded,filled""", dot);
            Assert.Matches(@"""Gates\.Queue"" \[shape=box, style=filled, fillcolor=""#fde2c4""", dot);
        }

        [Fact]
        public void Dot_DeclaredEdgeSolid_ObservedDashed_WithSites_TheBackwardsCycleInRed()
        {
            var lines = File.ReadAllText(_fixture.DotPath).Split('\n');
            string Edge(string from, string to, string style) =>
                lines.Single(l => l.TrimStart().StartsWith($"\"{from}\" -> \"{to}\" [style={style}", StringComparison.Ordinal));

            var declared = Edge("Gates.Accounts", "Gates.Ledger", "solid");
            Assert.Contains("label=\"declared at Gates.cs:16\"", declared);

            var inOrder = Edge("Gates.Accounts", "Gates.Ledger", "dashed");
            Assert.Contains("Transfers.InOrder at Gates.cs:28", inOrder);

            var backwards = Edge("Gates.Ledger", "Gates.Accounts", "dashed");
            Assert.Contains("Transfers.Backwards at Gates.cs:41", backwards);
            Assert.Contains("color=\"#d0021b\"", backwards); // on a cycle with the declared order

            var spin = Edge("Gates.Ledger", "Gates.Queue", "dashed");
            Assert.Contains("Transfers.InOrder at Gates.cs:31", spin);
            Assert.DoesNotContain("#d0021b", spin);
        }

        [Fact]
        public async Task Mermaid_ToStdout_Excluding_AClass()
        {
            var run = await CliRun.RunAsync("graph", _fixture.Solution.ProjectPath("Ordered"), "--format", "mermaid", "--no-restore", "--exclude", "Gates.Queue");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.StartsWith("flowchart TD", run.Stdout);
            Assert.Contains("Gates.Accounts", run.Stdout);
            Assert.Contains("Transfers.Backwards at Gates.cs:41", run.Stdout);
            Assert.Matches(@"linkStyle [\d,]+ stroke:#d0021b", run.Stdout);
            Assert.DoesNotContain("Gates.Queue", run.Stdout);
        }

        [Fact]
        public async Task Svg_FromTheExtension()
        {
            var path = Path.Combine(_fixture.Solution.Root, "order.svg");
            var run = await CliRun.RunAsync("graph", _fixture.Solution.ProjectPath("Ordered"), "-o", path, "--no-restore");
            Assert.True(run.ExitCode == 0, run.ToString());
            var svg = System.Xml.Linq.XDocument.Load(path); // well-formed XML
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            var text = File.ReadAllText(path);
            Assert.Contains(">Gates.Accounts<", text);
            Assert.Contains(">Gates.Queue<", text);
        }

        [Fact]
        public async Task Html_ByDefault_OpensOffline()
        {
            var path = Path.Combine(_fixture.Solution.Root, "order.page");
            var run = await CliRun.RunAsync("graph", _fixture.Solution.ProjectPath("Ordered"), "-o", path, "--no-restore");
            Assert.True(run.ExitCode == 0, run.ToString());
            var html = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Contains("<svg", html);
            Assert.Contains("Transfers.Backwards at Gates.cs:41", html);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("src=\"http", html);
            Assert.DoesNotContain("href=\"http", html);
        }

        [Fact]
        public async Task Graph_UnknownFormat_Exit2()
        {
            var run = await CliRun.RunAsync("graph", _fixture.Solution.ProjectPath("Ordered"), "--format", "png");
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("png", run.Stderr);
        }

        [Fact]
        public async Task Graph_MissingProject_Exit2()
        {
            var run = await CliRun.RunAsync("graph", Path.Combine(_fixture.Solution.Root, "Nope", "Nope.csproj"));
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("does not exist", run.Stderr);
        }
    }
}

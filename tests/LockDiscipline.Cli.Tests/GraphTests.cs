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
            Assert.StartsWith("digraph LockOrder {", dot);
            Assert.Matches(@"n\d+ \[label=""Gates\.Accounts\\n\(blocking\)""", dot);
            Assert.Matches(@"n\d+ \[label=""Gates\.Ledger\\n\(blocking\)""", dot);
            Assert.Matches(@"n\d+ \[label=""Gates\.Queue\\n\(spin\)""", dot);
        }

        [Fact]
        public void Dot_DeclaredEdgeSolid_ObservedDashed_WithSites_AgainstTheOrderInRed()
        {
            var dot = File.ReadAllText(_fixture.DotPath);
            string Id(string name) => Regex.Match(dot, @"(n\d+) \[label=""" + Regex.Escape(name) + @"\\n").Groups[1].Value;
            string Edge(string from, string to) => dot.Split('\n').Single(l => l.TrimStart().StartsWith($"{Id(from)} -> {Id(to)} ", StringComparison.Ordinal));

            var declared = Edge("Gates.Accounts", "Gates.Ledger");
            Assert.Contains("declared", declared);
            Assert.Contains("style=solid", declared);
            Assert.Contains("Transfers.InOrder at Gates.cs:28", declared);
            Assert.DoesNotContain("#c0392b", declared);

            var backwards = Edge("Gates.Ledger", "Gates.Accounts");
            Assert.Contains("style=dashed", backwards);
            Assert.Contains("AGAINST the declared order", backwards);
            Assert.Contains("Transfers.Backwards at Gates.cs:41", backwards);
            Assert.Contains("color=\"#c0392b\"", backwards);

            var spin = Edge("Gates.Ledger", "Gates.Queue");
            Assert.Contains("style=dashed", spin);
            Assert.DoesNotContain("declared", spin);
        }

        [Fact]
        public async Task Mermaid_ToStdout()
        {
            var run = await CliRun.RunAsync("graph", _fixture.Solution.ProjectPath("Ordered"), "--format", "mermaid", "--no-restore", "--exclude", "Gates.Queue");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.StartsWith("flowchart TD", run.Stdout);
            Assert.Contains("==>|\"declared", run.Stdout);
            Assert.Contains("-.->|\"AGAINST the declared order", run.Stdout);
            Assert.Matches(@"linkStyle [\d,]+ stroke:#c0392b", run.Stdout);
            Assert.DoesNotContain("Gates.Queue", run.Stdout); // excluded
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

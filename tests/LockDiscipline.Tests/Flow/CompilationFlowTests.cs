using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Analyzers.Summaries;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockDiscipline.Tests.Flow
{
    /// <summary>
    /// <see cref="CompilationFlow"/>, called directly as the benchmark's <c>flow</c> mode calls it, analyzes what the
    /// analyzer analyzes and reports what it reports: the benchmark's figures are the analyzer's work.
    /// </summary>
    public class CompilationFlowTests
    {
        private const string Source = @"
using System.Threading;
using LockDiscipline;

[LockType(LockKind.Spin)]
public sealed class Spin
{
    [Acquires] public void Lock() { }
    [Releases] public void Unlock() { }
}

public static class Kernel
{
    [MightSleep] public static void CondResched() => Thread.Yield();
}

public sealed class Pair
{
    [AcquiredBefore(typeof(Pair), nameof(Inner))] public readonly Spin Outer = new Spin();
    public readonly Spin Inner = new Spin();
    private readonly object _gate = new object();
    private int _count;

    public void Reversed() { Inner.Lock(); Outer.Lock(); Outer.Unlock(); Inner.Unlock(); }
    public void SleepsHeld() { Inner.Lock(); Kernel.CondResched(); Inner.Unlock(); }
    public void SleepsThroughHelper() { Outer.Lock(); Helper(); Outer.Unlock(); }
    private void Helper() { Kernel.CondResched(); }
    public void Add(int x) { lock (_gate) { _count += x; } }
    public int Read() { lock (_gate) { return _count; } }
    public void AddUnguarded(int x) { _count += x; }
    public int Twice(int x) => x * 2;
}";

        [Fact]
        public void AnalyzingEachFileAndEndingTheCompilation_ReportsWhatTheAnalyzerReports()
        {
            var compilation = DirectRunner.Compile(new[] { ("Pair.cs", Source) });
            var expected = Described(DirectRunner.Analyze(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new LockFlowAnalyzer())));

            var flow = new CompilationFlow(compilation);
            var reported = new List<Diagnostic>();
            var names = LockRelevantNames.For(compilation);
            foreach (var tree in compilation.SyntaxTrees)
            {
                flow.AnalyzeFile(compilation.GetSemanticModel(tree), names, span: null, flow.SettingsOf(_ => null), reported.Add, default);
            }

            flow.End(compilation, reported.Add, _ => flow.Services.ExtraSleepers(null), _ => false, default);

            // Not vacuous: an order inversion and a sleep under a spin lock, found in a body, and a sleep found through
            // a helper and an unguarded write, found when the compilation ends.
            Assert.Contains(expected, d => d.StartsWith("LD0001 ", System.StringComparison.Ordinal));
            Assert.Contains(expected, d => d.StartsWith("LD0002 ", System.StringComparison.Ordinal));
            Assert.Contains(expected, d => d.StartsWith("LD0013 ", System.StringComparison.Ordinal));
            Assert.Equal(expected, Described(reported));
        }

        [Fact]
        public void TheBodiesOfAFile_AreThoseThatSpellALockOrCarryAContract()
        {
            var compilation = DirectRunner.Compile(new[] { ("Pair.cs", Source) });
            var tree = compilation.SyntaxTrees.Single();
            var names = LockRelevantNames.For(compilation);
            var bodies = new CompilationFlow(compilation)
                .BodiesIn(compilation.GetSemanticModel(tree), names, TextScreen.For(tree, names, default), span: null, default)
                .Select(b => b.Owner.Name)
                .ToList();

            Assert.Contains("Reversed", bodies);
            Assert.Contains("SleepsHeld", bodies);
            Assert.Contains("Add", bodies);
            Assert.DoesNotContain("Twice", bodies); // spells nothing lock-related, and can carry no contract
        }

        [Theory]
        [InlineData(nameof(AnalysisDepth.Scan), false, false)]
        [InlineData(nameof(AnalysisDepth.Graph), true, false)]
        [InlineData(nameof(AnalysisDepth.Full), true, true)]
        public void ABodyAnalyzedToADepth_BuildsAGraphAndReportsOnlyWhenItGoesThatFar(string depthName, bool graphs, bool reports)
        {
            var depth = (AnalysisDepth)System.Enum.Parse(typeof(AnalysisDepth), depthName); // internal: a test's parameter cannot be of its type
            var compilation = DirectRunner.Compile(new[] { ("Pair.cs", Source) });
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var names = LockRelevantNames.For(compilation);
            var flow = new CompilationFlow(compilation) { Depth = depth };
            var reported = new List<Diagnostic>();
            var builtBefore = CodeBlockGraph.BuiltOnThisThread;
            foreach (var body in flow.BodiesIn(model, names, TextScreen.For(tree, names, default), span: null, default))
            {
                flow.AnalyzeBody(body, model, flow.SettingsOf(_ => null), reported.Add, callees: null, default);
            }

            Assert.Equal(graphs, CodeBlockGraph.BuiltOnThisThread > builtBefore);
            Assert.Equal(reports, reported.Count > 0); // the order inversion and the sleep under a spin lock, in their bodies
        }

        private static List<string> Described(IEnumerable<Diagnostic> diagnostics) =>
            diagnostics
                .Select(d => $"{d.Id} {d.Location.GetLineSpan().StartLinePosition} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
                .OrderBy(d => d, System.StringComparer.Ordinal)
                .ToList();
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LockDiscipline.Analyzers;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Prefilter;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Benchmark
{
    /// <summary>
    /// The per-body analysis alone: every body of one compilation that the analyzer would analyze, bound once before
    /// the first round (in a build the compiler and the SDK's analyzers bind them), then analyzed round after round
    /// in one thread as the analyzer analyzes it (scan, graph, flow, every rule), each round with the state of a new
    /// compilation. Not the pre-filter, the per-file work or the compilation's end. A whole compile's CPU moves by
    /// 10–25 % here from one run to the next; from its third round this moves by about 10 %, and what a round allocates
    /// repeats exactly, so an engine change is measured with it first, then confirmed on whole compiles. The first round
    /// is what a compile pays, through code the runtime is still compiling (run it with DOTNET_TieredCompilation=1 to see
    /// the compiler's own tiering: this project turns tiering off).
    /// Usage: <c>flow &lt;csc.rsp&gt; [&lt;working dir&gt;] [rounds=8] [top=N] [depth=scan|graph|full]</c>; <c>top</c> lists the N
    /// bodies that took longest in the last round, which is where one long body shows; <c>depth</c> stops each body's analysis
    /// after its scan or after its graph, so that each phase's time and allocation is the difference of two runs.
    /// </summary>
    internal static class FlowAlone
    {
        public static int Run(IReadOnlyList<string> args)
        {
            if (ModeArguments.ResponseFileOf(args, "flow") is not var (rsp, workDir))
            {
                return 2;
            }

            var rounds = int.TryParse(ModeArguments.Option(args, "rounds"), out var n) && n > 0 ? n : 8;
            var top = int.TryParse(ModeArguments.Option(args, "top"), out var t) && t > 0 ? t : 0;
            if (DepthOf(ModeArguments.Option(args, "depth")) is not { } depth)
            {
                Console.Error.WriteLine("flow: depth is scan, graph or full");
                return 2;
            }

            var compilation = ModeArguments.CompilationOf(rsp, workDir);
            var selection = new CompilationFlow(compilation);
            var bodies = BoundBodies(compilation, selection);
            Console.WriteLine($"{compilation.SyntaxTrees.Count()} files, {bodies.Count} bodies past the pre-filter, bound; {rounds} rounds, analyzed to depth {depth.ToString().ToLowerInvariant()}");
            var settings = selection.SettingsOf(_ => null); // every setting at its default, as with no .editorconfig
            var times = new List<double>();
            var perBody = new double[bodies.Count];
            for (var round = 0; round < rounds; round++)
            {
                var flow = new CompilationFlow(compilation) { Depth = depth };
                foreach (var model in bodies.Select(b => b.Model).Distinct())
                {
                    flow.Services.Remember(model);
                }

                var diagnostics = 0;
                Action<Diagnostic> report = _ => diagnostics++;
                var graphsBefore = CodeBlockGraph.BuiltOnThisThread;
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < bodies.Count; i++)
                {
                    var (body, model) = bodies[i];
                    var started = clock.Elapsed.TotalMilliseconds;
                    flow.AnalyzeBody(body, model, settings, report, callees: null, default);
                    perBody[i] = clock.Elapsed.TotalMilliseconds - started;
                }

                var ms = clock.Elapsed.TotalMilliseconds;
                var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1e6;
                var graphs = CodeBlockGraph.BuiltOnThisThread - graphsBefore;
                times.Add(ms);
                var perGraph = graphs > 0 ? $"{1000 * ms / graphs:F1} µs a graphed body, " : "";
                Console.WriteLine($"round {round + 1}: {ms:F1} ms, {perGraph}{allocated:F1} MB allocated, {graphs} graphs, {diagnostics} diagnostics");
            }

            var sorted = times.Skip(times.Count > 1 ? 1 : 0).OrderBy(t => t).ToList();
            Console.WriteLine($"ms a round, after the first: fastest {sorted[0]:F1}, median {sorted[sorted.Count / 2]:F1}");
            foreach (var i in Enumerable.Range(0, bodies.Count).OrderByDescending(i => perBody[i]).Take(top))
            {
                var (root, owner, _) = bodies[i].Body;
                var line = root.GetLocation().GetLineSpan();
                Console.WriteLine($"  {perBody[i]:F2} ms  {owner.ToDisplayString()}  {Path.GetFileName(line.Path)}:{line.StartLinePosition.Line + 1} ({root.Span.Length} chars)");
            }

            return 0;
        }

        /// <summary>The <c>depth</c> option: where each body's analysis stops (the whole way when not given); null for an unknown one.</summary>
        private static AnalysisDepth? DepthOf(string? option) => option switch
        {
            null or "full" => AnalysisDepth.Full,
            "scan" => AnalysisDepth.Scan,
            "graph" => AnalysisDepth.Graph,
            _ => null,
        };

        /// <summary>The bodies the analyzer's semantic-model action hands to the flow (all of them: no editor span), each bound.</summary>
        private static List<(FileBody Body, SemanticModel Model)> BoundBodies(Compilation compilation, CompilationFlow selection)
        {
            var names = LockRelevantNames.For(compilation);
            var bodies = new List<(FileBody, SemanticModel)>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var body in selection.BodiesIn(model, names, TextScreen.For(tree, names, default), span: null, default))
                {
                    CodeBlockGraph.RootOperation(model, body.Root, default);
                    bodies.Add((body, model));
                }
            }

            return bodies;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Benchmark
{
    /// <summary>
    /// One of LockDiscipline's analyzers alone, single-threaded, over fresh clones of one compilation (a real
    /// library's, from the <c>csc.rsp</c> its build passed the compiler), round after round in one process:
    /// each round's time as the analyzer driver reports it. Whole-compile timings on this machine move by 10–25 %
    /// between runs; the fastest round of one process moved by up to 8 % from one process to the next here, so
    /// alternate two builds over several processes, and look for changes larger than that.
    /// It is not the cost a build pays: alone, the analyzer binds what the compiler and the SDK's analyzers would
    /// have bound beside it, so compare two builds of the analyzer with it, not the analyzer with nothing.
    /// Each round also prints what the process allocated during it, exactly (the analyzer's allocation with the binding it did
    /// itself; a build shares that binding): allocation, not time, is the figure that repeats from run to run, and what an
    /// analyzer allocates costs a build the collector's time and the kernel's zeroing of the memory the heap grows into.
    /// Usage: <c>alone &lt;csc.rsp&gt; [&lt;working dir&gt;] [rounds=8] [analyzer=&lt;LockDiscipline.Analyzers.dll&gt;] [type=LockFlowAnalyzer]</c>.
    /// </summary>
    internal static class AnalyzerAlone
    {
        public static int Run(IReadOnlyList<string> args)
        {
            if (ModeArguments.ResponseFileOf(args, "alone") is not var (rsp, workDir))
            {
                return 2;
            }

            var rounds = int.TryParse(ModeArguments.Option(args, "rounds"), out var n) && n > 0 ? n : 8;
            var typeName = "LockDiscipline.Analyzers." + (ModeArguments.Option(args, "type") ?? "LockFlowAnalyzer");
            if (LoadAnalyzer(ModeArguments.Option(args, "analyzer"), typeName) is not { } analyzer)
            {
                Console.Error.WriteLine($"alone: no analyzer {typeName} in {ModeArguments.Option(args, "analyzer") ?? "this build"}");
                return 2;
            }

            var compilation = ModeArguments.CompilationOf(rsp, workDir);
            var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            // This process compiles with the Roslyn it was built against, which may be older than the library's compiler:
            // a newer language feature shows as compile errors here, and the bodies that use it are analyzed as written.
            Console.WriteLine($"{compilation.SyntaxTrees.Count()} files, {errors} compile errors (Roslyn {typeof(Compilation).Assembly.GetName().Version}); {analyzer.GetType().Name} alone, single-threaded, {rounds} rounds");
            var times = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
                    concurrentAnalysis: false, logAnalyzerExecutionTime: true);
                var withAnalyzer = compilation.Clone().WithAnalyzers(ImmutableArray.Create(analyzer), options);
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var wall = Stopwatch.StartNew();
                var diagnostics = withAnalyzer.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1e6;
                var own = withAnalyzer.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                times.Add(own);
                Console.WriteLine($"round {round + 1}: analyzer {own:F1} ms, wall {wall.Elapsed.TotalMilliseconds:F0} ms, {allocated:F1} MB allocated, {diagnostics.Length} diagnostics");
            }

            // The first round loads the analyzer and compiles its code: it is left out when there are others.
            var sorted = times.Skip(times.Count > 1 ? 1 : 0).OrderBy(t => t).ToList();
            Console.WriteLine($"analyzer ms a round, after the first: fastest {sorted[0]:F1}, median {sorted[sorted.Count / 2]:F1}");
            return 0;
        }

        /// <summary>The analyzer of this build, or of another build of the assembly given by path (to compare two).</summary>
        private static DiagnosticAnalyzer? LoadAnalyzer(string? path, string typeName)
        {
            var assembly = path is null ? typeof(Analyzers.LockFlowAnalyzer).Assembly : Assembly.LoadFile(Path.GetFullPath(path));
            return assembly.GetType(typeName) is { } type ? Activator.CreateInstance(type) as DiagnosticAnalyzer : null;
        }
    }
}

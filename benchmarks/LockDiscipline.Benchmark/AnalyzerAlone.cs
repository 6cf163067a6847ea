using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

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
            if (ResponseFileOf(args, "alone") is not var (rsp, workDir))
            {
                return 2;
            }

            var rounds = int.TryParse(Option(args, "rounds"), out var n) && n > 0 ? n : 8;
            var typeName = "LockDiscipline.Analyzers." + (Option(args, "type") ?? "LockFlowAnalyzer");
            if (LoadAnalyzer(Option(args, "analyzer"), typeName) is not { } analyzer)
            {
                Console.Error.WriteLine($"alone: no analyzer {typeName} in {Option(args, "analyzer") ?? "this build"}");
                return 2;
            }

            var compilation = CompilationOf(rsp, workDir);
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

        /// <summary>The response file and working directory given to a mode, or null when there is none (said on stderr).</summary>
        internal static (string Rsp, string WorkDir)? ResponseFileOf(IReadOnlyList<string> args, string mode)
        {
            var positional = args.Where(a => !a.Contains('=')).ToList();
            if (positional.Count == 0 || !File.Exists(positional[0]))
            {
                Console.Error.WriteLine($"{mode}: give the csc.rsp of a build (and its working directory if paths in it are relative)");
                return null;
            }

            var rsp = Path.GetFullPath(positional[0]);
            return (rsp, positional.Count > 1 ? Path.GetFullPath(positional[1]) : Path.GetDirectoryName(rsp)!);
        }

        /// <summary>The value of a <c>name=value</c> argument, or null.</summary>
        internal static string? Option(IReadOnlyList<string> args, string name) =>
            args.Where(a => a.StartsWith(name + "=", StringComparison.Ordinal)).Select(a => a.Substring(name.Length + 1)).FirstOrDefault();

        /// <summary>The analyzer of this build, or of another build of the assembly given by path (to compare two).</summary>
        private static DiagnosticAnalyzer? LoadAnalyzer(string? path, string typeName)
        {
            var assembly = path is null ? typeof(Analyzers.LockFlowAnalyzer).Assembly : Assembly.LoadFile(Path.GetFullPath(path));
            return assembly.GetType(typeName) is { } type ? Activator.CreateInstance(type) as DiagnosticAnalyzer : null;
        }

        /// <summary>The compilation a response file describes: its sources, references and options, without its analyzers or outputs.</summary>
        internal static CSharpCompilation CompilationOf(string rsp, string workDir)
        {
            var arguments = File.ReadAllLines(rsp)
                .SelectMany(line => CommandLineParser.SplitCommandLineIntoArguments(line, removeHashComments: true))
                .Where(a => !a.StartsWith("/analyzer", StringComparison.Ordinal) && !a.StartsWith("/out:", StringComparison.Ordinal)
                    && !a.StartsWith("/generatedfilesout", StringComparison.Ordinal))
                .ToArray();
            var parsed = CSharpCommandLineParser.Default.Parse(arguments, workDir, sdkDirectory: null);
            var trees = parsed.SourceFiles.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f.Path), System.Text.Encoding.UTF8), parsed.ParseOptions, f.Path));
            var references = parsed.MetadataReferences
                .Select(r => Path.IsPathRooted(r.Reference) ? r.Reference : Path.Combine(workDir, r.Reference))
                .Where(File.Exists)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
            return CSharpCompilation.Create(Path.GetFileNameWithoutExtension(parsed.OutputFileName ?? "alone"), trees, references, parsed.CompilationOptions);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LockDiscipline.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Benchmark
{
    /// <summary>
    /// Compiles a synthetic codebase at three sizes and prints ratios: with LockDiscipline ÷ without,
    /// both against a bare compile and against a compile in which the analyzer driver already runs an
    /// operation-based analyzer (as it does in any SDK project with the default .NET analyzers), and
    /// each analyzer's own marginal time. The configurations are measured in interleaved rounds after
    /// a warm-up, each fresh compilation analyzed sequentially, and each figure is the best of the
    /// rounds: on a shared two-core machine noise only ever adds time. Allocations are reported too,
    /// since they are deterministic.
    /// Usage: <c>dotnet run -c Release --project benchmarks/LockDiscipline.Benchmark [-- [build [server] [realistic] [rounds=5]] [share=0.1] sizes...]</c>;
    /// <c>emit &lt;dir&gt; [realistic] size</c> only writes a codebase and its <c>csc.rsp</c>;
    /// <c>alone &lt;csc.rsp&gt; …</c> times one analyzer alone, single-threaded, round after round (<see cref="AnalyzerAlone"/>; steadier than a whole compile, but it binds what a build would share);
    /// <c>build</c> times the SDK's own compiler instead (<see cref="CompilerBuild"/>; <c>server</c>: through the compiler server; <c>rounds</c>: interleaved rounds, 5 by default), <c>share</c> sets the
    /// share of methods that touch a lock (0.5 by default), and <c>-- validator</c> measures the run-time
    /// validator (<see cref="ValidatorCost"/>).
    /// </summary>
    public static class Program
    {
        private const int Rounds = 5;

        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "validator")
            {
                ValidatorCost.Run();
                return 0;
            }

            if (args.Length > 0 && args[0] == "alone")
            {
                return AnalyzerAlone.Run(args.Skip(1).ToList());
            }

            if (args.Length > 0 && args[0] == "flow")
            {
                return FlowAlone.Run(args.Skip(1).ToList());
            }

            if (args.Length > 1 && args[0] == "emit")
            {
                return Emit(args[1], args.Contains("realistic"), args.Skip(2));
            }

            var build = args.Contains("build");
            var share = args.Where(a => a.StartsWith("share=", StringComparison.Ordinal))
                .Select(a => double.Parse(a.Substring("share=".Length), System.Globalization.CultureInfo.InvariantCulture))
                .DefaultIfEmpty(SyntheticCodebase.DenseShare).First();
            var sizes = args.Where(a => a.All(char.IsDigit)).Select(int.Parse).DefaultIfEmpty().Where(n => n > 0).ToArray();
            if (sizes.Length == 0)
            {
                sizes = new[] { 1000, 4000, 16000 };
            }

            if (build)
            {
                try
                {
                    var rounds = args.Where(a => a.StartsWith("rounds=", StringComparison.Ordinal))
                        .Select(a => int.TryParse(a.Substring("rounds=".Length), out var n) && n > 0 ? n : CompilerBuild.DefaultRounds)
                        .DefaultIfEmpty(CompilerBuild.DefaultRounds).First();
                    var analyzer = args.Where(a => a.StartsWith("analyzer=", StringComparison.Ordinal)).Select(a => Path.GetFullPath(a.Substring("analyzer=".Length))).FirstOrDefault();
                    return CompilerBuild.Run(sizes, share, server: args.Contains("server"), realistic: args.Contains("realistic"), rounds, analyzer) ? 0 : 1;
                }
                catch (InvalidOperationException e)
                {
                    Console.Error.WriteLine("build mode: " + e.Message); // a measurement that cannot be trusted, said plainly
                    return 1;
                }
            }

            var flow = new LockFlowAnalyzer();
            var annotations = new LockAnnotationAnalyzer();
            var driverOnly = new OperationDriverBaseline();

            Console.WriteLine($"LockDiscipline analyzer overhead: best of {Rounds} interleaved rounds, fresh compilation each (parse excluded; bind + analyze + emit), concurrent analysis as csc runs it, {Math.Round(share * 100)}% of methods touch a lock, {Environment.ProcessorCount} cores");
            Console.WriteLine();
            Console.WriteLine("| methods | lines | compile ms | + LockDiscipline ms | ratio | driver-baseline ms | + LockDiscipline ms | marginal ratio | LockFlowAnalyzer ms | LockAnnotationAnalyzer ms | µs/method (marginal) | MB allocated (marginal) |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

            var ok = Row(200, share, flow, annotations, driverOnly, print: false);
            foreach (var size in sizes)
            {
                ok &= Row(size, share, flow, annotations, driverOnly, print: true);
            }

            Console.WriteLine();
            Console.WriteLine("ratio: (compile + LockDiscipline) ÷ compile. marginal ratio: (compile + baseline analyzer + LockDiscipline) ÷ (compile + baseline analyzer),");
            Console.WriteLine("where the baseline analyzer does nothing but ask the driver for every method's operations, the cost any operation-based analyzer brings.");
            Console.WriteLine("Each analyzer's ms is its marginal time over the baseline when it runs alone. `-- build` measures the SDK's own compiler instead.");
            return ok ? 0 : 1;
        }

        /// <summary>
        /// Writes one codebase to a folder, with the response file for compiling it (<c>csc.rsp</c>: references,
        /// no analyzer), so that two analyzer builds can be compared diagnostic by diagnostic
        /// (<c>benchmarks/RealCode/compare-diagnostics.sh</c>).
        /// </summary>
        private static int Emit(string directory, bool realistic, IEnumerable<string> rest)
        {
            var share = rest.Where(a => a.StartsWith("share=", StringComparison.Ordinal))
                .Select(a => double.Parse(a.Substring("share=".Length), System.Globalization.CultureInfo.InvariantCulture))
                .DefaultIfEmpty(SyntheticCodebase.DenseShare).First();
            var size = rest.Where(a => a.All(char.IsDigit)).Select(int.Parse).DefaultIfEmpty(1000).First();
            Directory.CreateDirectory(directory);
            foreach (var file in realistic ? RealisticCodebase.Generate(size) : SyntheticCodebase.Generate(size, share))
            {
                File.WriteAllText(Path.Combine(directory, file.Path), file.Text);
            }

            var rsp = new System.Text.StringBuilder("/nologo /target:library /optimize+ /deterministic /nullable:enable /langversion:latest\n");
            foreach (var reference in ReferencePaths.Value)
            {
                rsp.AppendLine($"/reference:\"{reference}\"");
            }

            rsp.AppendLine($"\"{Path.Combine(Path.GetFullPath(directory), "*.cs")}\"");
            File.WriteAllText(Path.Combine(directory, "csc.rsp"), rsp.ToString());
            Console.WriteLine($"wrote {(realistic ? "the realistic" : "the dense")} codebase of {size} methods and csc.rsp to {directory}");
            return 0;
        }

        private static bool Row(int methods, double share, LockFlowAnalyzer flow, LockAnnotationAnalyzer annotations, OperationDriverBaseline baseline, bool print)
        {
            var files = SyntheticCodebase.Generate(methods, share).ToList();
            var lines = files.Sum(f => f.Text.Count(c => c == '\n'));
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToList();

            var configurations = new[]
            {
                new DiagnosticAnalyzer[0],
                new DiagnosticAnalyzer[] { flow, annotations },
                new DiagnosticAnalyzer[] { baseline },
                new DiagnosticAnalyzer[] { baseline, flow, annotations },
                new DiagnosticAnalyzer[] { baseline, flow },
                new DiagnosticAnalyzer[] { baseline, annotations },
            };
            var best = Enumerable.Repeat(double.MaxValue, configurations.Length).ToArray();
            var allocated = new double[configurations.Length];
            for (var round = 0; round < (print ? Rounds : 1); round++)
            {
                for (var i = 0; i < configurations.Length; i++)
                {
                    var (ms, mb) = Time(trees, configurations[i]);
                    best[i] = Math.Min(best[i], ms);
                    allocated[i] = mb;
                }
            }

            if (print)
            {
                var (bare, withLd, driver, driverWithLd, flowAlone, annotationsAlone) = (best[0], best[1], best[2], best[3], best[4], best[5]);
                Console.WriteLine($"| {methods} | {lines} | {bare:F0} | {withLd:F0} | {withLd / bare:F3} | {driver:F0} | {driverWithLd:F0} | {driverWithLd / driver:F3} | {flowAlone - driver:F0} | {annotationsAlone - driver:F0} | {(driverWithLd - driver) * 1000 / methods:F1} | {allocated[3] - allocated[2]:F0} |");
            }

            return true;
        }

        /// <summary>Binds, analyzes and emits a fresh compilation; fails loudly if the correct synthetic code gets a diagnostic.</summary>
        private static (double Milliseconds, double Megabytes) Time(List<SyntaxTree> trees, params DiagnosticAnalyzer[] analyzers)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var stopwatch = Stopwatch.StartNew();
            var compilation = CSharpCompilation.Create("Synthetic", trees, References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
            ImmutableArray<Diagnostic> diagnostics;
            if (analyzers.Length == 0)
            {
                diagnostics = compilation.GetDiagnostics();
            }
            else
            {
                var withAnalyzers = compilation.WithAnalyzers(analyzers.ToImmutableArray(), new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
                diagnostics = withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
            }

            using (var stream = new MemoryStream())
            {
                compilation.Emit(stream);
            }

            var elapsed = stopwatch.Elapsed.TotalMilliseconds;
            var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1e6;
            var unexpected = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id.StartsWith("LD", StringComparison.Ordinal) || d.Id == "AD0001").ToList();
            if (unexpected.Count > 0)
            {
                throw new InvalidOperationException($"the synthetic code is correct, but got {unexpected.Count} diagnostics, first: {unexpected[0]}");
            }

            return (elapsed, megabytes);
        }

        /// <summary>The runtime's own assemblies and the annotations: what the synthetic code compiles against, in both modes.</summary>
        internal static readonly Lazy<string[]> ReferencePaths = new Lazy<string[]>(() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Append(typeof(AcquiresAttribute).Assembly.Location)
                .ToArray());

        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new Lazy<ImmutableArray<MetadataReference>>(() =>
            ReferencePaths.Value.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray());
    }

    /// <summary>
    /// Asks the driver for every body's operations and does nothing with them: the cost of being an
    /// operation analyzer at all. Not marked as an analyzer, so that handing this assembly to csc for
    /// the <see cref="FloorAnalyzer"/> does not load it too.
    /// </summary>
    internal sealed class OperationDriverBaseline : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = Yardstick.Descriptor("BENCH0", "baseline");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationBlockStartAction(start => start.RegisterOperationAction(_ => { }, OperationKind.Invocation));
        }
    }
}

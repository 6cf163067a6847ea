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
    /// each analyzer's own marginal time. Every figure is the median of several fresh compilations
    /// after a warm-up, analyzed sequentially so that two cores give stable numbers.
    /// Usage: <c>dotnet run -c Release --project benchmarks/LockDiscipline.Benchmark [-- sizes...]</c>.
    /// </summary>
    public static class Program
    {
        private const int Repetitions = 7;

        public static int Main(string[] args)
        {
            var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : new[] { 1000, 4000, 16000 };
            var flow = new LockFlowAnalyzer();
            var annotations = new LockAnnotationAnalyzer();
            var driverOnly = new OperationDriverBaseline();

            Console.WriteLine($"LockDiscipline analyzer overhead: median of {Repetitions} compilations (parse excluded, bind + analyze + emit), {Environment.ProcessorCount} cores");
            Console.WriteLine();
            Console.WriteLine("| methods | lines | compile ms | + LockDiscipline ms | ratio | driver-baseline ms | + LockDiscipline ms | marginal ratio | LockFlowAnalyzer ms | LockAnnotationAnalyzer ms | µs/method (marginal) |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

            var ok = Row(200, flow, annotations, driverOnly, print: false);
            foreach (var size in sizes)
            {
                ok &= Row(size, flow, annotations, driverOnly, print: true);
            }

            Console.WriteLine();
            Console.WriteLine("ratio: (compile + LockDiscipline) ÷ compile. marginal ratio: (compile + baseline analyzer + LockDiscipline) ÷ (compile + baseline analyzer),");
            Console.WriteLine("where the baseline analyzer does nothing but ask the driver for every method's operations, the cost any operation-based analyzer brings.");
            Console.WriteLine("Each analyzer's ms is its marginal time over the baseline when it runs alone.");
            return ok ? 0 : 1;
        }

        private static bool Row(int methods, LockFlowAnalyzer flow, LockAnnotationAnalyzer annotations, OperationDriverBaseline baseline, bool print)
        {
            var files = SyntheticCodebase.Generate(methods).ToList();
            var lines = files.Sum(f => f.Text.Count(c => c == '\n'));
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToList();

            var bare = Median(() => Time(trees));
            var withLd = Median(() => Time(trees, flow, annotations));
            var driver = Median(() => Time(trees, baseline));
            var driverWithLd = Median(() => Time(trees, baseline, flow, annotations));
            var flowAlone = Median(() => Time(trees, baseline, flow));
            var annotationsAlone = Median(() => Time(trees, baseline, annotations));
            if (print)
            {
                Console.WriteLine($"| {methods} | {lines} | {bare:F0} | {withLd:F0} | {withLd / bare:F3} | {driver:F0} | {driverWithLd:F0} | {driverWithLd / driver:F3} | {flowAlone - driver:F0} | {annotationsAlone - driver:F0} | {(driverWithLd - driver) * 1000 / methods:F1} |");
            }

            return true;
        }

        /// <summary>Binds, analyzes and emits a fresh compilation; fails loudly if the correct synthetic code gets a diagnostic.</summary>
        private static double Time(List<SyntaxTree> trees, params DiagnosticAnalyzer[] analyzers)
        {
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
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
                diagnostics = withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
            }

            using (var stream = new MemoryStream())
            {
                compilation.Emit(stream);
            }

            var elapsed = stopwatch.Elapsed.TotalMilliseconds;
            var unexpected = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id.StartsWith("LD", StringComparison.Ordinal) || d.Id == "AD0001").ToList();
            if (unexpected.Count > 0)
            {
                throw new InvalidOperationException($"the synthetic code is correct, but got {unexpected.Count} diagnostics, first: {unexpected[0]}");
            }

            return elapsed;
        }

        private static double Median(Func<double> measure)
        {
            var values = Enumerable.Range(0, Repetitions).Select(_ => measure()).OrderBy(v => v).ToArray();
            return values[values.Length / 2];
        }

        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new Lazy<ImmutableArray<MetadataReference>>(() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(typeof(AcquiresAttribute).Assembly.Location))
                .ToImmutableArray());
    }

    /// <summary>Asks the driver for every body's operations and does nothing with them: the cost of being an operation analyzer at all.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class OperationDriverBaseline : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("BENCH0", "baseline", "baseline", "Benchmark", DiagnosticSeverity.Hidden, false);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationBlockStartAction(start => start.RegisterOperationAction(_ => { }, OperationKind.Invocation));
        }
    }
}

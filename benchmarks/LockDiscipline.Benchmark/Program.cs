using System;
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
    /// Compiles a synthetic codebase at three sizes, without and with the analyzers, and prints the
    /// ratio of total time (with ÷ without) and each analyzer's own time. Each figure is the median
    /// of several fresh compilations after a warm-up. Usage: <c>dotnet run -c Release --project
    /// benchmarks/LockDiscipline.Benchmark [-- sizes...]</c>.
    /// </summary>
    public static class Program
    {
        private const int Repetitions = 5;

        public static int Main(string[] args)
        {
            var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : new[] { 1000, 4000, 16000 };
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new LockFlowAnalyzer(), new LockAnnotationAnalyzer());
            Console.WriteLine($"LockDiscipline analyzer overhead (median of {Repetitions}, {Environment.ProcessorCount} cores, concurrent analysis as in csc)");
            Console.WriteLine();
            Console.WriteLine("| methods | lines | compile (ms) | compile + analyzers (ms) | ratio | LockFlowAnalyzer (ms) | LockAnnotationAnalyzer (ms) | analyzers µs/method |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");

            Measure(analyzers, 200, print: false);
            foreach (var size in sizes)
            {
                if (!Measure(analyzers, size, print: true))
                {
                    return 1;
                }
            }

            return 0;
        }

        private static bool Measure(ImmutableArray<DiagnosticAnalyzer> analyzers, int methods, bool print)
        {
            var files = SyntheticCodebase.Generate(methods).ToList();
            var lines = files.Sum(f => f.Text.Count(c => c == '\n'));
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToList();

            var baseline = new double[Repetitions];
            var withAnalyzers = new double[Repetitions];
            var flow = new double[Repetitions];
            var annotation = new double[Repetitions];
            for (var r = 0; r < Repetitions; r++)
            {
                var stopwatch = Stopwatch.StartNew();
                var plain = Compile(trees);
                var errors = plain.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Emit(plain);
                baseline[r] = stopwatch.Elapsed.TotalMilliseconds;
                if (errors.Count > 0)
                {
                    Console.Error.WriteLine("the synthetic code does not compile: " + errors[0]);
                    return false;
                }

                stopwatch.Restart();
                var analyzed = Compile(trees).WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
                var diagnostics = analyzed.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
                Emit(analyzed.Compilation);
                withAnalyzers[r] = stopwatch.Elapsed.TotalMilliseconds;
                flow[r] = analyzed.GetAnalyzerTelemetryInfoAsync(analyzers[0], default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                annotation[r] = analyzed.GetAnalyzerTelemetryInfoAsync(analyzers[1], default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;

                var reported = diagnostics.Where(d => d.Id.StartsWith("LD", StringComparison.Ordinal) || d.Id == "AD0001").ToList();
                if (reported.Count > 0)
                {
                    Console.Error.WriteLine($"the synthetic code is correct, but the analyzers reported {reported.Count}: {reported[0]}");
                    return false;
                }
            }

            if (print)
            {
                var b = Median(baseline);
                var w = Median(withAnalyzers);
                var f = Median(flow);
                var a = Median(annotation);
                Console.WriteLine($"| {methods} | {lines} | {b:F0} | {w:F0} | {w / b:F3} | {f:F0} | {a:F0} | {(f + a) * 1000 / methods:F1} |");
            }

            return true;
        }

        private static CSharpCompilation Compile(System.Collections.Generic.IEnumerable<SyntaxTree> trees) =>
            CSharpCompilation.Create("Synthetic", trees, References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));

        private static void Emit(Compilation compilation)
        {
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream);
            if (!result.Success)
            {
                throw new InvalidOperationException("emit failed: " + result.Diagnostics.First());
            }
        }

        private static double Median(double[] values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted[sorted.Length / 2];
        }

        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new Lazy<ImmutableArray<MetadataReference>>(() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(typeof(AcquiresAttribute).Assembly.Location))
                .ToImmutableArray());
    }
}

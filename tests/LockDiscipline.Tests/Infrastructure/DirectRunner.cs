using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using LockDiscipline.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Tests.Infrastructure
{
    /// <summary>
    /// Runs the analyzers over whole files, outside the markup test framework: for the samples (whose
    /// expectations are comments in the files), the robustness sweeps and the size tests. Analyzer
    /// exceptions are never swallowed: they fail the caller.
    /// </summary>
    public static class DirectRunner
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new Lazy<ImmutableArray<MetadataReference>>(() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(typeof(AcquiresAttribute).Assembly.Location))
                .Append(MetadataReference.CreateFromFile(typeof(LockDiscipline.Graphs.LockGraph).Assembly.Location))
                .ToImmutableArray());

        public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } =
            ImmutableArray.Create<DiagnosticAnalyzer>(new LockFlowAnalyzer(), new LockAnnotationAnalyzer());

        public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> files) =>
            Compile(files, Enumerable.Empty<MetadataReference>());

        private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        private const string DefaultAssemblyName = "UnderTest";

        /// <summary>
        /// An empty compilation over the framework, its references bound once: the compilations below
        /// add their trees to it, and Roslyn then reuses its bound references (the assembly symbols of
        /// the ~170 framework assemblies) instead of binding them again for each compilation. The
        /// result is the compilation <c>CSharpCompilation.Create</c> makes from the same trees,
        /// references and options.
        /// </summary>
        private static readonly Lazy<CSharpCompilation> Empty = new Lazy<CSharpCompilation>(() =>
        {
            var empty = CSharpCompilation.Create(
                DefaultAssemblyName,
                Enumerable.Empty<SyntaxTree>(),
                Framework.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            _ = empty.GetDiagnostics(); // binds the references, once
            return empty;
        });

        public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> files, IEnumerable<MetadataReference> moreReferences, string assemblyName = DefaultAssemblyName)
        {
            var compilation = Empty.Value;
            if (assemblyName != DefaultAssemblyName)
            {
                compilation = compilation.WithAssemblyName(assemblyName);
            }

            var extra = moreReferences.ToList();
            if (extra.Count > 0)
            {
                compilation = compilation.AddReferences(extra);
            }

            return compilation.AddSyntaxTrees(files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path)));
        }

        /// <summary>The analyzers' diagnostics (LDxxxx only); throws if any analyzer threw.</summary>
        public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, CancellationToken cancellation = default) =>
            Analyze(compilation, AllAnalyzers, cancellation);

        public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellation = default) =>
            Analyze(compilation, analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), cancellation);

        public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions analyzerOptions, CancellationToken cancellation = default)
        {
            var exceptions = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                analyzerOptions,
                (ex, analyzer, diagnostic) => { lock (exceptions) exceptions.Add($"{analyzer.GetType().Name}: {ex}"); },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false);
            var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
            var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellation).GetAwaiter().GetResult();
            if (exceptions.Count > 0 || diagnostics.Any(d => d.Id == "AD0001"))
            {
                throw new InvalidOperationException("An analyzer threw:\n" + string.Join("\n", exceptions.Concat(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()))));
            }

            return diagnostics.Where(d => d.Id.StartsWith("LD", StringComparison.Ordinal)).ToImmutableArray();
        }

        /// <summary>The repository root, found from the test assembly's location.</summary>
        public static string RepoRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LockDiscipline.sln")))
                {
                    dir = dir.Parent;
                }

                return dir?.FullName ?? throw new InvalidOperationException("LockDiscipline.sln not found above " + AppContext.BaseDirectory);
            }
        }
    }
}

// TEMPORARY: the shape of the public API the lead is adding to LockDiscipline.Analyzers
// (LockDisciplineRunner, LockDisciplineResult, LockClassFact, LockEdgeFact). The CLI is written
// against that shape; when the real API is merged this file is deleted and nothing else changes.
// It runs the shipped analyzers through CompilationWithAnalyzers and reports no lock facts and no
// cross-compilation cycles: it does no analysis of its own.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Analyzers
{
    public static class LockDisciplineRunner
    {
        public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
            ImmutableArray.Create<DiagnosticAnalyzer>(new LockFlowAnalyzer(), new LockAnnotationAnalyzer());

        public static async Task<LockDisciplineResult> AnalyzeAsync(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            return new LockDisciplineResult(diagnostics, ImmutableArray<LockClassFact>.Empty, ImmutableArray<LockEdgeFact>.Empty);
        }

        public static ImmutableArray<Diagnostic> CrossCompilationDeadlocks(IReadOnlyList<LockDisciplineResult> results) =>
            ImmutableArray<Diagnostic>.Empty;
    }

    public sealed class LockDisciplineResult
    {
        public LockDisciplineResult(ImmutableArray<Diagnostic> diagnostics, ImmutableArray<LockClassFact> lockClasses, ImmutableArray<LockEdgeFact> edges)
        {
            Diagnostics = diagnostics;
            LockClasses = lockClasses;
            Edges = edges;
        }

        public ImmutableArray<Diagnostic> Diagnostics { get; }
        public ImmutableArray<LockClassFact> LockClasses { get; }
        public ImmutableArray<LockEdgeFact> Edges { get; }
    }

    public sealed class LockClassFact
    {
        public LockClassFact(string name, bool isSpin) { Name = name; IsSpin = isSpin; }
        public string Name { get; }
        public bool IsSpin { get; }
    }

    public sealed class LockEdgeFact
    {
        public LockEdgeFact(string from, string to, bool isDeclared, Location site, string? method)
        {
            From = from; To = to; IsDeclared = isDeclared; Site = site; Method = method;
        }

        public string From { get; }
        public string To { get; }
        public bool IsDeclared { get; }
        public Location Site { get; }
        public string? Method { get; }
    }
}

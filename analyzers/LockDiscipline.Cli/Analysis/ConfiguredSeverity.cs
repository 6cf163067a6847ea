using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Cli.Analysis
{
    /// <summary>
    /// Gives a diagnostic made outside any compilation's analyzer driver (LD0010 across projects) what
    /// the driver would have made of it in the project of its primary location: the severity from
    /// <c>.editorconfig</c>, <c>NoWarn</c>, <c>WarningsAsErrors</c>, and suppression by <c>#pragma</c>
    /// or <c>[SuppressMessage]</c>. It is replayed through that compilation's own driver by an analyzer
    /// that only re-reports it, so every rule of the compiler's filtering applies, unchanged.
    /// </summary>
    internal static class ConfiguredSeverity
    {
        public static async Task<ImmutableArray<Diagnostic>> ApplyAsync(
            IEnumerable<Diagnostic> diagnostics, IReadOnlyList<(Compilation Compilation, AnalyzerOptions Options)> projects, CancellationToken cancellationToken)
        {
            var result = ImmutableArray.CreateBuilder<Diagnostic>();
            foreach (var byTree in diagnostics.GroupBy(d => d.Location.SourceTree))
            {
                var tree = byTree.Key;
                var project = tree is null ? default : projects.FirstOrDefault(p => p.Compilation.ContainsSyntaxTree(tree));
                if (tree is null || project.Compilation is null)
                {
                    result.AddRange(byTree); // nowhere to take a configuration from: as made
                    continue;
                }

                var originals = byTree.ToList();
                var replay = new ReplayAnalyzer(tree, originals);
                var withReplay = project.Compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(replay),
                    new CompilationWithAnalyzersOptions(project.Options, null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
                var survived = await withReplay.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false);
                foreach (var copy in survived.Where(d => !d.IsSuppressed && d.Severity != DiagnosticSeverity.Hidden))
                {
                    if (replay.OriginalOf(copy) is { } original)
                    {
                        result.Add(WithSeverity(original, copy.Severity));
                    }
                }
            }

            return result.ToImmutable();
        }

        /// <summary>The same diagnostic at another severity (Roslyn's own WithSeverity is internal).</summary>
        private static Diagnostic WithSeverity(Diagnostic d, DiagnosticSeverity severity) =>
            d.Severity == severity
                ? d
                : Diagnostic.Create(d.Id, d.Descriptor.Category, d.GetMessage(CultureInfo.InvariantCulture), severity, d.DefaultSeverity,
                    d.Descriptor.IsEnabledByDefault, severity == DiagnosticSeverity.Error ? 0 : d.WarningLevel, d.Descriptor.Title, d.Descriptor.Description,
                    d.Descriptor.HelpLinkUri, d.Location, d.AdditionalLocations, d.Descriptor.CustomTags, d.Properties);

        /// <summary>
        /// Re-reports, in one tree, copies of the diagnostics whose primary location is there; a copy
        /// drops the additional locations (they lie in other projects, which a driver refuses) and
        /// carries its original's index, so the original can be found again.
        /// </summary>
#pragma warning disable RS1001 // Not an analyzer to ship or discover: it lives only inside this tool's run.
        private sealed class ReplayAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
        {
            private const string IndexProperty = "lockdiscipline.replay";
            private readonly SyntaxTree _tree;
            private readonly List<Diagnostic> _originals;
            private readonly Dictionary<string, DiagnosticDescriptor> _descriptors;

            public ReplayAnalyzer(SyntaxTree tree, List<Diagnostic> originals)
            {
                _tree = tree;
                _originals = originals;
                _descriptors = originals.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => new DiagnosticDescriptor(
                    g.Key, g.First().Descriptor.Title, "{0}", g.First().Descriptor.Category, g.First().DefaultSeverity, isEnabledByDefault: true,
                    helpLinkUri: g.First().Descriptor.HelpLinkUri, customTags: g.First().Descriptor.CustomTags.ToArray()));
                SupportedDiagnostics = _descriptors.Values.ToImmutableArray();
            }

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
                context.RegisterSyntaxTreeAction(tree =>
                {
                    if (tree.Tree != _tree)
                    {
                        return;
                    }

                    for (var i = 0; i < _originals.Count; i++)
                    {
                        var original = _originals[i];
                        tree.ReportDiagnostic(Diagnostic.Create(_descriptors[original.Id], original.Location,
                            ImmutableDictionary<string, string?>.Empty.Add(IndexProperty, i.ToString(CultureInfo.InvariantCulture)),
                            original.GetMessage(CultureInfo.InvariantCulture)));
                    }
                });
            }

            public Diagnostic? OriginalOf(Diagnostic copy) =>
                copy.Properties.TryGetValue(IndexProperty, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                    && i >= 0 && i < _originals.Count
                    ? _originals[i]
                    : null;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Cli.Analysis
{
    /// <summary>One project's share of the report.</summary>
    public sealed class ProjectReport
    {
        public ProjectReport(string name, string? filePath, ImmutableArray<Diagnostic> diagnostics)
        {
            Name = name;
            FilePath = filePath;
            Diagnostics = diagnostics;
        }

        public string Name { get; }
        public string? FilePath { get; }
        public ImmutableArray<Diagnostic> Diagnostics { get; }
    }

    /// <summary>What the analyzers found over a whole solution.</summary>
    public sealed class SolutionReport
    {
        public SolutionReport(IReadOnlyList<ProjectReport> projects, ImmutableArray<Diagnostic> crossProject, IReadOnlyList<LockDisciplineResult> results)
        {
            Projects = projects;
            CrossProject = crossProject;
            Results = results;
        }

        public IReadOnlyList<ProjectReport> Projects { get; }

        /// <summary>LD0010 cycles that only the union of the projects closes.</summary>
        public ImmutableArray<Diagnostic> CrossProject { get; }

        /// <summary>The engine's per-project results (lock classes and edges, for the graph).</summary>
        public IReadOnlyList<LockDisciplineResult> Results { get; }

        public IEnumerable<Diagnostic> All => Projects.SelectMany(p => p.Diagnostics).Concat(CrossProject);
    }

    /// <summary>Runs the engine on every C# project of a solution, then across them; edits nothing.</summary>
    public static class SolutionAnalysis
    {
        public static async Task<SolutionReport> RunAsync(Solution solution, TextWriter progress, CancellationToken cancellationToken)
        {
            // A multi-targeted project loads once per target: analyze each, report once.
            var groups = solution.Projects
                .Where(p => p.Language == LanguageNames.CSharp)
                .GroupBy(p => p.FilePath ?? p.Name)
                .ToList();
            var reports = new List<ProjectReport>();
            var results = new List<LockDisciplineResult>();
            var compilations = new List<Compilation>();
            var references = new BuiltReferences();
            var index = 0;
            foreach (var group in groups)
            {
                index++;
                var name = BaseName(group.First().Name);
                progress.WriteLine($"Analyzing {name} ({index}/{groups.Count})");
                var diagnostics = new List<Diagnostic>();
                foreach (var project in group)
                {
                    var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                    if (compilation is null)
                    {
                        continue;
                    }

                    compilation = references.AsBuilt(compilation, cancellationToken);

                    var result = await LockDisciplineRunner.AnalyzeAsync(compilation, project.AnalyzerOptions, cancellationToken).ConfigureAwait(false);
                    results.Add(result);
                    compilations.Add(compilation);
                    diagnostics.AddRange(result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden && !d.IsSuppressed));
                }

                reports.Add(new ProjectReport(name, group.First().FilePath, Distinct(diagnostics)));
            }

            var cross = LockDisciplineRunner.CrossCompilationDeadlocks(results)
                .Select(d => WithEffectiveSeverity(d, compilations, cancellationToken))
                .Where(d => d is not null && d.Severity != DiagnosticSeverity.Hidden)
                .Select(d => d!);
            return new SolutionReport(reports, Distinct(cross), results);
        }

        /// <summary>The project's name without the target framework a multi-targeted project adds (<c>Lib(net8.0)</c>).</summary>
        private static string BaseName(string name)
        {
            var paren = name.IndexOf('(');
            return paren > 0 && name.EndsWith(")", StringComparison.Ordinal) ? name.Substring(0, paren) : name;
        }

        private static ImmutableArray<Diagnostic> Distinct(IEnumerable<Diagnostic> diagnostics) =>
            diagnostics
                .GroupBy(d => (d.Id, Path: d.Location.GetMappedLineSpan().Path, d.Location.SourceSpan, Message: d.GetMessage(CultureInfo.InvariantCulture)))
                .Select(g => g.First())
                .OrderBy(d => d.Location.GetMappedLineSpan().Path, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToImmutableArray();

        /// <summary>
        /// A diagnostic made outside any one compilation's analyzer driver gets the severity the
        /// project of its first location configures (<c>.editorconfig</c>, <c>NoWarn</c>,
        /// <c>WarningsAsErrors</c>), as the driver would have given it; null when configured off.
        /// </summary>
        internal static Diagnostic? WithEffectiveSeverity(Diagnostic diagnostic, IReadOnlyList<Compilation> compilations, CancellationToken cancellationToken)
        {
            var tree = diagnostic.Location.SourceTree;
            var compilation = tree is null ? null : compilations.FirstOrDefault(c => c.ContainsSyntaxTree(tree))
                ?? compilations.FirstOrDefault(c => c.SyntaxTrees.Any(t => t.FilePath == tree.FilePath));
            if (compilation is null)
            {
                return diagnostic;
            }

            var options = compilation.Options;
            var report = ReportDiagnostic.Default;
            var provider = options.SyntaxTreeOptionsProvider;
            if (!(tree is not null && provider is not null
                    && compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == tree.FilePath) is { } own
                    && provider.TryGetDiagnosticValue(own, diagnostic.Id, cancellationToken, out report))
                && !options.SpecificDiagnosticOptions.TryGetValue(diagnostic.Id, out report)
                && !(provider is not null && provider.TryGetGlobalDiagnosticValue(diagnostic.Id, cancellationToken, out report)))
            {
                report = ReportDiagnostic.Default;
            }

            if (report == ReportDiagnostic.Default && diagnostic.Severity == DiagnosticSeverity.Warning && options.GeneralDiagnosticOption == ReportDiagnostic.Error)
            {
                report = ReportDiagnostic.Error;
            }

            return report switch
            {
                ReportDiagnostic.Suppress => null,
                ReportDiagnostic.Error => Reseverity(diagnostic, DiagnosticSeverity.Error),
                ReportDiagnostic.Warn => Reseverity(diagnostic, DiagnosticSeverity.Warning),
                ReportDiagnostic.Info => Reseverity(diagnostic, DiagnosticSeverity.Info),
                ReportDiagnostic.Hidden => Reseverity(diagnostic, DiagnosticSeverity.Hidden),
                _ => diagnostic,
            };
        }
    
        /// <summary>The same diagnostic at another severity (Roslyn's own WithSeverity is internal).</summary>
        private static Diagnostic Reseverity(Diagnostic d, DiagnosticSeverity severity) =>
            d.Severity == severity
                ? d
                : Diagnostic.Create(d.Id, d.Descriptor.Category, d.GetMessage(CultureInfo.InvariantCulture), severity, d.DefaultSeverity,
                    d.Descriptor.IsEnabledByDefault, severity == DiagnosticSeverity.Error ? 0 : d.WarningLevel, d.Descriptor.Title, d.Descriptor.Description,
                    d.Descriptor.HelpLinkUri, d.Location, d.AdditionalLocations, d.Descriptor.CustomTags, d.Properties);
    }
}

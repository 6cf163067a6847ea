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
using Microsoft.CodeAnalysis.Diagnostics;

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
            var compilations = new List<(Compilation, AnalyzerOptions)>();
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
                    compilations.Add((compilation, project.AnalyzerOptions));
                    diagnostics.AddRange(result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden && !d.IsSuppressed).Select(WithoutStackTrace));
                }

                reports.Add(new ProjectReport(name, group.First().FilePath, Distinct(diagnostics)));
            }

            var cross = await ConfiguredSeverity.ApplyAsync(LockDisciplineRunner.CrossCompilationDeadlocks(results), compilations, cancellationToken).ConfigureAwait(false);
            return new SolutionReport(reports, Distinct(cross), results);
        }

        /// <summary>
        /// An analyzer that threw is reported by the driver as AD0001 with the exception's stack trace in
        /// the message; the tool prints its first line (which analyzer, which exception, its message).
        /// </summary>
        internal static Diagnostic WithoutStackTrace(Diagnostic d)
        {
            var message = d.GetMessage(CultureInfo.InvariantCulture);
            var newline = message.IndexOfAny(new[] { '\r', '\n' });
            if (d.Id != "AD0001" || newline < 0)
            {
                return d;
            }

            return Diagnostic.Create(d.Id, d.Descriptor.Category, message.Substring(0, newline).TrimEnd() + " (the analysis of this project may be incomplete)",
                d.Severity, d.DefaultSeverity, d.Descriptor.IsEnabledByDefault, d.WarningLevel, d.Descriptor.Title, d.Descriptor.Description,
                d.Descriptor.HelpLinkUri, d.Location, d.AdditionalLocations, d.Descriptor.CustomTags, d.Properties);
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
    }
}

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using LockDiscipline.Cli.Analysis;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Cli.Reporting
{
    /// <summary>Prints diagnostics the way <c>dotnet build</c> does (<c>path(line,col): warning LD0001: message [project]</c>), grouped by project.</summary>
    public static class BuildStyleReporter
    {
        public static void Write(SolutionReport report, TextWriter output, string baseDirectory)
        {
            foreach (var project in report.Projects.Where(p => p.Diagnostics.Length > 0))
            {
                var projectPath = project.FilePath is null ? project.Name : Display(project.FilePath, baseDirectory);
                output.WriteLine($"{project.Name}: {Count(project.Diagnostics.Length, "diagnostic")}");
                foreach (var diagnostic in project.Diagnostics)
                {
                    output.WriteLine($"  {Line(diagnostic, baseDirectory)} [{projectPath}]");
                }
            }

            if (report.CrossProject.Length > 0)
            {
                output.WriteLine($"Across projects: {Count(report.CrossProject.Length, "diagnostic")}");
                foreach (var diagnostic in report.CrossProject)
                {
                    output.WriteLine($"  {Line(diagnostic, baseDirectory)}");
                }
            }
        }

        /// <summary><c>path(line,col): severity ID: message</c>.</summary>
        public static string Line(Diagnostic diagnostic, string baseDirectory)
        {
            var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            var severity = SeverityText(diagnostic.Severity);
            if (!diagnostic.Location.IsInSource && diagnostic.Location.Kind != LocationKind.ExternalFile)
            {
                return $"{severity} {diagnostic.Id}: {message}";
            }

            var span = diagnostic.Location.GetMappedLineSpan();
            var start = span.StartLinePosition;
            return $"{Display(span.Path, baseDirectory)}({start.Line + 1},{start.Character + 1}): {severity} {diagnostic.Id}: {message}";
        }

        public static string SeverityText(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "info",
            _ => "hidden",
        };

        /// <summary>A path relative to <paramref name="baseDirectory"/> when it lies under it, else the full path.</summary>
        public static string Display(string path, string baseDirectory)
        {
            if (string.IsNullOrEmpty(path))
            {
                return path;
            }

            var relative = Path.GetRelativePath(baseDirectory, path);
            return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
        }

        public static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Cli.Reporting
{
    /// <summary>Writes diagnostics as a SARIF 2.1.0 log: one run, the rules the analyzers ship, one result per diagnostic.</summary>
    public static class SarifWriter
    {
        public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

        /// <param name="loadErrors">What did not load: the run's invocation is then not successful, and says why.</param>
        public static void Write(Stream stream, IEnumerable<DiagnosticDescriptor> descriptors, IEnumerable<Diagnostic> diagnostics, string rootDirectory,
            IReadOnlyList<string>? loadErrors = null)
        {
            var rules = descriptors.GroupBy(d => d.Id).Select(g => g.First()).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
            var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
            var root = new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory)) + Path.DirectorySeparatorChar);

            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("$schema", Schema);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "LockDiscipline");
            var version = typeof(SarifWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = version.IndexOf('+');
            json.WriteString("semanticVersion", plus < 0 ? version : version.Substring(0, plus));
            json.WriteString("informationUri", "https://github.com/lockdiscipline/lockdiscipline");
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("name", PascalName(rule.Title.ToString(CultureInfo.InvariantCulture)));
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title.ToString(CultureInfo.InvariantCulture));
                json.WriteEndObject();
                var description = rule.Description.ToString(CultureInfo.InvariantCulture);
                if (description.Length > 0)
                {
                    json.WriteStartObject("fullDescription");
                    json.WriteString("text", description);
                    json.WriteEndObject();
                }

                if (!string.IsNullOrEmpty(rule.HelpLinkUri))
                {
                    json.WriteString("helpUri", rule.HelpLinkUri);
                }

                json.WriteStartObject("help");
                json.WriteString("text", (description.Length > 0 ? description + " " : "") + $"Run 'lockdiscipline explain {rule.Id}' for the rule's page.");
                json.WriteEndObject();
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(rule.DefaultSeverity));
                json.WriteBoolean("enabled", rule.IsEnabledByDefault);
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteString("category", rule.Category);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", loadErrors is null || loadErrors.Count == 0);
            if (loadErrors is { Count: > 0 })
            {
                json.WriteStartArray("toolExecutionNotifications");
                foreach (var error in loadErrors)
                {
                    json.WriteStartObject();
                    json.WriteString("level", "error");
                    json.WriteStartObject("message");
                    json.WriteString("text", error);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject("SRCROOT");
            json.WriteString("uri", root.AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var diagnostic in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", diagnostic.Id);
                if (ruleIndex.TryGetValue(diagnostic.Id, out var index))
                {
                    json.WriteNumber("ruleIndex", index);
                }

                json.WriteString("level", Level(diagnostic.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", diagnostic.GetMessage(CultureInfo.InvariantCulture));
                json.WriteEndObject();
                json.WriteStartArray("locations");
                if (diagnostic.Location.IsInSource)
                {
                    WriteLocation(json, diagnostic.Location, root, id: null, message: null);
                }

                json.WriteEndArray();
                var related = diagnostic.AdditionalLocations.Where(l => l.IsInSource).ToList();
                if (related.Count > 0)
                {
                    json.WriteStartArray("relatedLocations");
                    for (var i = 0; i < related.Count; i++)
                    {
                        var span = related[i].GetMappedLineSpan();
                        WriteLocation(json, related[i], root, i + 1, $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})");
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("columnKind", "utf16CodeUnits");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void WriteLocation(Utf8JsonWriter json, Location location, Uri root, int? id, string? message)
        {
            var span = location.GetMappedLineSpan();
            json.WriteStartObject();
            if (id is { } n)
            {
                json.WriteNumber("id", n);
            }

            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            var file = new Uri(Path.GetFullPath(span.Path));
            var relative = root.MakeRelativeUri(file);
            if (!relative.IsAbsoluteUri && !relative.OriginalString.StartsWith("..", StringComparison.Ordinal))
            {
                json.WriteString("uri", relative.OriginalString);
                json.WriteString("uriBaseId", "SRCROOT");
            }
            else
            {
                json.WriteString("uri", file.AbsoluteUri);
            }

            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", span.StartLinePosition.Line + 1);
            json.WriteNumber("startColumn", span.StartLinePosition.Character + 1);
            json.WriteNumber("endLine", span.EndLinePosition.Line + 1);
            json.WriteNumber("endColumn", span.EndLinePosition.Character + 1);
            json.WriteEndObject();
            json.WriteEndObject();
            if (message is not null)
            {
                json.WriteStartObject("message");
                json.WriteString("text", message);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        private static string Level(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "note",
            _ => "none",
        };

        /// <summary>A rule's <c>name</c>: its title in PascalCase, letters and digits only.</summary>
        private static string PascalName(string title) =>
            string.Concat(title.Split(new[] { ' ', '-', '(', ')', ',', '\'', '[', ']', ':' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1))
                .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())));
    }
}

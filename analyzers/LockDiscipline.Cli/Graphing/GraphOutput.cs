using System;
using System.IO;
using LockDiscipline.Cli.Loading;

namespace LockDiscipline.Cli.Graphing
{
    /// <summary>Picks the graph's format and renders it.</summary>
    public static class GraphOutput
    {
        public static readonly string[] Formats = { "html", "svg", "dot", "mermaid" };

        public static string ChooseFormat(string? format, string? outputPath)
        {
            if (format is not null)
            {
                return format;
            }

            return Path.GetExtension(outputPath ?? "").ToLowerInvariant() switch
            {
                ".svg" => "svg",
                ".dot" or ".gv" => "dot",
                ".mmd" or ".mermaid" or ".md" => "mermaid",
                _ => "html",
            };
        }

        public static string Render(LockOrderGraph graph, string format, string title) => format switch
        {
            "dot" => GraphWriters.Dot(graph),
            "mermaid" => GraphWriters.Mermaid(graph),
            _ => throw new UsageException($"--format {format} is not available in this build: use dot or mermaid"),
        };
    }
}

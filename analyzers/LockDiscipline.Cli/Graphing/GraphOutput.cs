using System;
using System.IO;
using LockDiscipline.Cli.Loading;
using LockDiscipline.Graphs;

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

        /// <summary>The picture, drawn by LockDiscipline.Graphs (html and svg open offline: no scripts, no links out).</summary>
        public static string Render(LockGraph graph, string format, string title) => format switch
        {
            "dot" => graph.ToDot(title),
            "mermaid" => graph.ToMermaid(),
            "svg" => graph.ToSvg(title),
            "html" => graph.ToHtml(title),
            _ => throw new UsageException($"unknown graph format '{format}': use html, svg, dot or mermaid"),
        };
    }
}

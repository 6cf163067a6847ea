using System.IO;
using System.Linq;
using System.Text;

namespace LockDiscipline.Cli.Graphing
{
    /// <summary>The lock order as Graphviz dot and as a Mermaid flowchart.</summary>
    public static class GraphWriters
    {
        public static string Dot(LockOrderGraph graph)
        {
            var ids = graph.Nodes.Select((n, i) => (n.Key, Id: "n" + i)).ToDictionary(p => p.Key, p => p.Id);
            var dot = new StringBuilder();
            dot.AppendLine("digraph LockOrder {");
            dot.AppendLine("  rankdir=TB;");
            dot.AppendLine("  node [fontname=\"Helvetica\", fontsize=11];");
            dot.AppendLine("  edge [fontname=\"Helvetica\", fontsize=9];");
            foreach (var node in graph.Nodes)
            {
                var style = node.IsSpin
                    ? "shape=box, style=\"rounded,filled\", fillcolor=\"#fde2c8\""
                    : "shape=box, style=filled, fillcolor=\"#d6e6f5\"";
                dot.AppendLine($"  {ids[node.Key]} [label=\"{Escape(node.Name)}\\n({(node.IsSpin ? "spin" : "blocking")})\", tooltip=\"{Escape(node.Key)}\", {style}];");
            }

            foreach (var edge in graph.Edges)
            {
                var attributes = $"label=\"{string.Join("\\n", EdgeLabel(edge).Select(Escape))}\"";
                attributes += edge.IsDeclared ? ", style=solid, penwidth=2" : ", style=dashed";
                if (edge.IsBad)
                {
                    attributes += ", color=\"#c0392b\", fontcolor=\"#c0392b\"";
                }

                dot.AppendLine($"  {ids[edge.From]} -> {ids[edge.To]} [{attributes}];");
            }

            dot.AppendLine("}");
            return dot.ToString();
        }

        public static string Mermaid(LockOrderGraph graph)
        {
            var ids = graph.Nodes.Select((n, i) => (n.Key, Id: "n" + i)).ToDictionary(p => p.Key, p => p.Id);
            var text = new StringBuilder();
            text.AppendLine("flowchart TD");
            foreach (var node in graph.Nodes)
            {
                var label = MermaidText($"{node.Name} ({(node.IsSpin ? "spin" : "blocking")})");
                text.AppendLine(node.IsSpin ? $"  {ids[node.Key]}([\"{label}\"])" : $"  {ids[node.Key]}[\"{label}\"]");
            }

            var index = 0;
            var bad = new System.Collections.Generic.List<int>();
            foreach (var edge in graph.Edges)
            {
                var label = string.Join("<br/>", EdgeLabel(edge).Select(MermaidText));
                text.AppendLine(edge.IsDeclared
                    ? $"  {ids[edge.From]} ==>|\"{label}\"| {ids[edge.To]}"
                    : $"  {ids[edge.From]} -.->|\"{label}\"| {ids[edge.To]}");
                if (edge.IsBad)
                {
                    bad.Add(index);
                }

                index++;
            }

            if (bad.Count > 0)
            {
                text.AppendLine($"  linkStyle {string.Join(",", bad)} stroke:#c0392b,color:#c0392b");
            }

            return text.ToString();
        }

        /// <summary>What an edge says: declared, and where it is taken (the first three sites, then a count).</summary>
        public static System.Collections.Generic.List<string> EdgeLabel(LockOrderEdge edge)
        {
            var parts = new System.Collections.Generic.List<string>();
            if (edge.IsDeclared)
            {
                parts.Add("declared");
            }

            if (edge.AgainstDeclared)
            {
                parts.Add("AGAINST the declared order");
            }
            else if (edge.InCycle)
            {
                parts.Add("on a cycle: possible deadlock");
            }

            parts.AddRange(edge.Sites.Take(3));
            if (edge.Sites.Count > 3)
            {
                parts.Add($"and {edge.Sites.Count - 3} more");
            }

            return parts;
        }

        private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

        private static string MermaidText(string text) => text.Replace("\"", "#quot;");
    }
}

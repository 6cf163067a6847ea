using System.Text;

namespace LockDiscipline.Graphs
{
    /// <summary>
    /// Graphviz DOT. Spin locks are orange boxes, blocking locks blue rounded boxes, unknown grey dashed boxes;
    /// declared edges solid, observed dashed, edges on a cycle red and thick; an edge's sites are its label.
    /// </summary>
    internal static class DotWriter
    {
        public static string Write(LockGraph graph, string title)
        {
            var cycles = graph.CycleComponentIndex();
            var edges = graph.Edges;
            var dot = new StringBuilder();
            dot.Append("digraph \"").Append(Text.Dot(title)).Append("\" {\n");
            dot.Append("  rankdir=TB;\n");
            dot.Append("  node [fontname=\"sans-serif\", fontsize=11];\n");
            dot.Append("  edge [fontname=\"sans-serif\", fontsize=9];\n");
            foreach (var node in graph.Nodes)
            {
                dot.Append("  \"").Append(Text.Dot(node.Name)).Append("\" [");
                dot.Append(NodeStyle(node.Kind));
                if (cycles.InCycle(node.Name))
                {
                    dot.Append(", penwidth=2");
                }

                dot.Append("];\n");
            }

            foreach (var edge in edges)
            {
                dot.Append("  \"").Append(Text.Dot(edge.From)).Append("\" -> \"").Append(Text.Dot(edge.To)).Append("\" [");
                dot.Append(edge.Kind == LockEdgeKind.Declared ? "style=solid" : "style=dashed");
                if (cycles.IsOnCycle(edge.From, edge.To))
                {
                    dot.Append(", color=\"#d0021b\", penwidth=2");
                }

                if (edge.Sites.Count > 0)
                {
                    dot.Append(", label=\"").Append(Text.Dot(string.Join("\n", edge.Sites))).Append('"');
                }

                dot.Append("];\n");
            }

            dot.Append("}\n");
            return dot.ToString();
        }

        private static string NodeStyle(LockNodeKind kind)
        {
            switch (kind)
            {
                case LockNodeKind.Spin:
                    return "shape=box, style=filled, fillcolor=\"" + Palette.SpinFill + "\", color=\"" + Palette.SpinStroke + "\"";
                case LockNodeKind.Blocking:
                    return "shape=box, style=\"rounded,filled\", fillcolor=\"" + Palette.BlockingFill + "\", color=\"" + Palette.BlockingStroke + "\"";
                default:
                    return "shape=box, style=\"dashed,filled\", fillcolor=\"" + Palette.UnknownFill + "\", color=\"" + Palette.UnknownStroke + "\"";
            }
        }
    }

    /// <summary>The colours every picture uses.</summary>
    internal static class Palette
    {
        public const string SpinFill = "#fde2c4";
        public const string SpinStroke = "#c46a00";
        public const string BlockingFill = "#dbe8fb";
        public const string BlockingStroke = "#2f5fa8";
        public const string UnknownFill = "#eeeeee";
        public const string UnknownStroke = "#888888";
        public const string Edge = "#333333";
        public const string Cycle = "#d0021b";
    }
}

using System.Collections.Generic;
using System.Text;

namespace LockDiscipline.Graphs
{
    /// <summary>
    /// A Mermaid flowchart, top-down. Nodes are <c>n0</c>, <c>n1</c>... in name order, labelled with the class
    /// name; spin locks rectangles, blocking locks stadiums, each with its class's colours; declared edges
    /// <c>--&gt;</c>, observed <c>-.-&gt;</c>, labelled with their sites; edges on a cycle red (linkStyle).
    /// </summary>
    internal static class MermaidWriter
    {
        public static string Write(LockGraph graph)
        {
            var cycles = graph.CycleComponentIndex();
            var ids = new Dictionary<string, string>(System.StringComparer.Ordinal);
            var text = new StringBuilder();
            text.Append("flowchart TD\n");
            foreach (var node in graph.Nodes)
            {
                var id = "n" + Text.Int(ids.Count);
                ids[node.Name] = id;
                var label = "\"" + Text.Mermaid(node.Name) + "\"";
                text.Append("  ").Append(id);
                switch (node.Kind)
                {
                    case LockNodeKind.Spin:
                        text.Append('[').Append(label).Append("]:::spin\n");
                        break;
                    case LockNodeKind.Blocking:
                        text.Append("([").Append(label).Append("]):::blocking\n");
                        break;
                    default:
                        text.Append('[').Append(label).Append("]:::unknown\n");
                        break;
                }
            }

            var cycleLinks = new List<int>();
            var link = 0;
            foreach (var edge in graph.Edges)
            {
                text.Append("  ").Append(ids[edge.From]).Append(edge.Kind == LockEdgeKind.Declared ? " -->" : " -.->");
                if (edge.Sites.Count > 0)
                {
                    text.Append("|\"").Append(Text.Mermaid(string.Join(", ", edge.Sites))).Append("\"|");
                }

                text.Append(' ').Append(ids[edge.To]).Append('\n');
                if (cycles.IsOnCycle(edge.From, edge.To))
                {
                    cycleLinks.Add(link);
                }

                link++;
            }

            text.Append("  classDef spin fill:").Append(Palette.SpinFill).Append(",stroke:").Append(Palette.SpinStroke).Append('\n');
            text.Append("  classDef blocking fill:").Append(Palette.BlockingFill).Append(",stroke:").Append(Palette.BlockingStroke).Append('\n');
            text.Append("  classDef unknown fill:").Append(Palette.UnknownFill).Append(",stroke:").Append(Palette.UnknownStroke).Append(",stroke-dasharray:4 3\n");
            if (cycleLinks.Count > 0)
            {
                text.Append("  linkStyle ").Append(string.Join(",", cycleLinks.ConvertAll(Text.Int))).Append(" stroke:").Append(Palette.Cycle).Append(",stroke-width:2px\n");
            }

            return text.ToString();
        }
    }
}

using System.Text;

namespace LockDiscipline.Graphs
{
    /// <summary>
    /// A self-contained page: the SVG picture inline, the cycles, and a table of the edges with their sites.
    /// Only inline CSS: no scripts, no fonts, no images, no links out, so it opens offline and as a CI artifact.
    /// </summary>
    internal static class HtmlWriter
    {
        public static string Write(LockGraph graph, string title)
        {
            var cycles = graph.Cycles();
            var index = graph.CycleComponentIndex();
            var edges = graph.Edges;
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            html.Append("<title>").Append(Text.Xml(title)).Append("</title>\n");
            html.Append("<style>\n");
            html.Append("body { font-family: sans-serif; margin: 1.5em; color: #222222; }\n");
            html.Append(".picture { overflow: auto; border: 1px solid #dddddd; padding: 0.5em; }\n");
            html.Append("table { border-collapse: collapse; margin-top: 1em; }\n");
            html.Append("th, td { border: 1px solid #cccccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }\n");
            html.Append("th { background: #f3f3f3; }\n");
            html.Append("tr.cycle td { color: ").Append(Palette.Cycle).Append("; }\n");
            html.Append("ul.sites { margin: 0; padding-left: 1.1em; }\n");
            html.Append(".ok { color: #2e7d32; }\n.bad { color: ").Append(Palette.Cycle).Append("; font-weight: bold; }\n");
            html.Append("</style>\n</head>\n<body>\n");
            html.Append("<h1>").Append(Text.Xml(title)).Append("</h1>\n");
            html.Append("<p>").Append(Text.Int(graph.Nodes.Count)).Append(" lock classes, ").Append(Text.Int(edges.Count)).Append(" edges. ");
            if (cycles.Count == 0)
            {
                html.Append("<span class=\"ok\">No cycle: this order cannot deadlock by ABBA.</span></p>\n");
            }
            else
            {
                html.Append("<span class=\"bad\">").Append(Text.Int(cycles.Count)).Append(cycles.Count == 1 ? " cycle" : " cycles")
                    .Append(" (red): locks taken in both orders can deadlock.</span></p>\n<ul class=\"cycles\">\n");
                foreach (var cycle in cycles)
                {
                    html.Append("<li>").Append(Text.Xml(string.Join(", ", cycle))).Append("</li>\n");
                }

                html.Append("</ul>\n");
            }

            html.Append("<div class=\"picture\">\n").Append(SvgWriter.Write(graph, title, standalone: false)).Append("</div>\n");
            html.Append("<h2>Edges</h2>\n<table class=\"edges\">\n<thead><tr><th>taken first</th><th>then</th><th>kind</th><th>on a cycle</th><th>sites</th></tr></thead>\n<tbody>\n");
            foreach (var edge in edges)
            {
                var onCycle = index.IsOnCycle(edge.From, edge.To);
                html.Append(onCycle ? "<tr class=\"cycle\">" : "<tr>");
                html.Append("<td>").Append(Text.Xml(edge.From)).Append("</td><td>").Append(Text.Xml(edge.To)).Append("</td><td>")
                    .Append(edge.Kind == LockEdgeKind.Declared ? "declared" : "observed").Append("</td><td>").Append(onCycle ? "yes" : "no").Append("</td><td>");
                if (edge.Sites.Count > 0)
                {
                    html.Append("<ul class=\"sites\">");
                    foreach (var site in edge.Sites)
                    {
                        html.Append("<li>").Append(Text.Xml(site)).Append("</li>");
                    }

                    html.Append("</ul>");
                }

                html.Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
            html.Append("<h2>Lock classes</h2>\n<table class=\"nodes\">\n<thead><tr><th>lock class</th><th>kind</th></tr></thead>\n<tbody>\n");
            foreach (var node in graph.Nodes)
            {
                html.Append("<tr><td>").Append(Text.Xml(node.Name)).Append("</td><td>").Append(SvgWriter.KindText(node.Kind)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</body>\n</html>\n");
            return html.ToString();
        }
    }
}

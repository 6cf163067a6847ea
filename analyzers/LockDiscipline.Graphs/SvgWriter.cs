using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace LockDiscipline.Graphs
{
    /// <summary>
    /// Where each node goes: a layered layout. Each cycle is taken as one node (the condensation), which leaves
    /// the graph acyclic; a node's rank is the longest path to its cycle (or itself) from one with no
    /// predecessor; the nodes of a cycle share a row, their edges drawn as arcs; ranks are rows, top to
    /// bottom; in each row the nodes are ordered by the mean position of their predecessors (two sweeps, ties by
    /// name), then placed left to right, each row centred.
    /// </summary>
    internal sealed class Layout
    {
        public const double Margin = 20;
        public const double TitleHeight = 28;
        public const double NodeHeight = 32;
        public const double RowGap = 72;
        public const double ColumnGap = 36;
        public const double CharWidth = 7.2;
        public const double SidePadding = 70;

        private Layout(Dictionary<string, int> rank, List<List<string>> rows, Dictionary<string, Box> boxes, double width, double height)
        {
            Rank = rank;
            Rows = rows;
            Boxes = boxes;
            Width = width;
            Height = height;
        }

        public Dictionary<string, int> Rank { get; }

        public Dictionary<string, Box> Boxes { get; }

        /// <summary>The nodes of each rank, left to right.</summary>
        public List<List<string>> Rows { get; }

        /// <summary>
        /// Where an edge crossing <paramref name="rank"/> (without a node there) passes it: the middle of the gap
        /// between two nodes of that row, or beside its first or last node, whichever is nearest to
        /// <paramref name="x"/>; ties go right, where the drawing keeps room.
        /// </summary>
        public double GapNear(int rank, double x)
        {
            var row = Rows[rank];
            var best = Boxes[row[row.Count - 1]].Right + ColumnGap / 2;
            var candidates = new List<double> { Boxes[row[0]].X - ColumnGap / 2 };
            for (var i = 0; i + 1 < row.Count; i++)
            {
                candidates.Add((Boxes[row[i]].Right + Boxes[row[i + 1]].X) / 2);
            }

            foreach (var candidate in candidates)
            {
                if (Math.Abs(candidate - x) < Math.Abs(best - x))
                {
                    best = candidate;
                }
            }

            return best;
        }

        /// <summary>The drawing's size, without the legend.</summary>
        public double Width { get; }

        public double Height { get; }

        public static double NodeWidth(string name) => Math.Max(90, Math.Ceiling(name.Length * CharWidth) + 24);

        public static Layout Of(LockGraph graph)
        {
            var names = graph.Nodes.Select(n => n.Name).ToList();
            var cycles = graph.CycleComponentIndex();

            // The nodes of a cycle share a rank: the ranks are those of the condensation (one node per
            // strongly connected component), which has no cycle. A component is named by its first node.
            var head = new Dictionary<int, string>();
            foreach (var name in names)
            {
                if (!head.ContainsKey(cycles.Component(name)))
                {
                    head[cycles.Component(name)] = name;
                }
            }

            string Head(string node) => head[cycles.Component(node)];
            var predecessors = names.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
            var successors = names.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
            var componentSuccessors = names.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
            var componentWaiting = names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
            foreach (var edge in graph.Edges)
            {
                if (cycles.IsOnCycle(edge.From, edge.To))
                {
                    continue;
                }

                if (!successors[edge.From].Contains(edge.To))
                {
                    successors[edge.From].Add(edge.To);
                    predecessors[edge.To].Add(edge.From);
                }

                var from = Head(edge.From);
                var to = Head(edge.To);
                if (!componentSuccessors[from].Contains(to))
                {
                    componentSuccessors[from].Add(to);
                    componentWaiting[to]++;
                }
            }

            // Longest path by Kahn's order over the components; the ready set is sorted, so the order is the same every time.
            var componentRank = head.Values.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
            var ready = new SortedSet<string>(head.Values.Where(n => componentWaiting[n] == 0), StringComparer.Ordinal);
            while (ready.Count > 0)
            {
                var component = ready.Min!;
                ready.Remove(component);
                foreach (var next in componentSuccessors[component])
                {
                    componentRank[next] = Math.Max(componentRank[next], componentRank[component] + 1);
                    if (--componentWaiting[next] == 0)
                    {
                        ready.Add(next);
                    }
                }
            }

            var rank = names.ToDictionary(n => n, n => componentRank[Head(n)], StringComparer.Ordinal);

            var rows = names.GroupBy(n => rank[n]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
            var position = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                for (var i = 0; i < row.Count; i++)
                {
                    position[row[i]] = i;
                }
            }

            for (var sweep = 0; sweep < 2; sweep++)
            {
                for (var r = 1; r < rows.Count; r++)
                {
                    var row = rows[r];
                    var barycentre = row.ToDictionary(
                        n => n,
                        n => predecessors[n].Count == 0 ? position[n] : predecessors[n].Average(p => position[p]),
                        StringComparer.Ordinal);
                    row.Sort((a, b) =>
                    {
                        var c = barycentre[a].CompareTo(barycentre[b]);
                        return c != 0 ? c : string.CompareOrdinal(a, b);
                    });
                    for (var i = 0; i < row.Count; i++)
                    {
                        position[row[i]] = i;
                    }
                }
            }

            var rowWidths = rows.Select(row => row.Sum(NodeWidth) + ColumnGap * (row.Count - 1)).ToList();
            var inner = rowWidths.Count == 0 ? 0 : rowWidths.Max();
            var width = Margin * 2 + inner + SidePadding;
            var boxes = new Dictionary<string, Box>(StringComparer.Ordinal);
            for (var r = 0; r < rows.Count; r++)
            {
                var x = Margin + (inner - rowWidths[r]) / 2;
                var y = Margin + TitleHeight + r * (NodeHeight + RowGap);
                foreach (var name in rows[r])
                {
                    var w = NodeWidth(name);
                    boxes[name] = new Box(x, y, w, NodeHeight);
                    x += w + ColumnGap;
                }
            }

            var height = Margin + TitleHeight + rows.Count * (NodeHeight + RowGap) - RowGap + Margin;
            return new Layout(rank, rows, boxes, Math.Max(width, 360), Math.Max(height, Margin * 2 + TitleHeight));
        }

        internal readonly struct Box
        {
            public Box(double x, double y, double width, double height)
            {
                X = x;
                Y = y;
                Width = width;
                Height = height;
            }

            public double X { get; }

            public double Y { get; }

            public double Width { get; }

            public double Height { get; }

            public double CentreX => X + Width / 2;

            public double CentreY => Y + Height / 2;

            public double Bottom => Y + Height;

            public double Right => X + Width;
        }
    }

    /// <summary>
    /// The SVG picture: one <c>&lt;g class="node …"&gt;</c> per lock class (spin locks orange boxes, blocking locks
    /// blue pills, unknown grey dashed boxes) and one <c>&lt;path class="edge …"&gt;</c> per edge (declared solid,
    /// observed dashed, on a cycle red and marked <c>cycle</c>), each with a <c>&lt;title&gt;</c> tooltip listing
    /// its sites, then a legend.
    /// </summary>
    internal static class SvgWriter
    {
        private const double LegendHeight = 64;

        public static string Write(LockGraph graph, string title, bool standalone)
        {
            var layout = Layout.Of(graph);
            var cycles = graph.CycleComponentIndex();
            var edges = graph.Edges;
            var width = Math.Max(layout.Width, 620);
            var height = layout.Height + LegendHeight;
            var svg = new StringBuilder();
            svg.Append("<svg");
            if (standalone)
            {
                svg.Append(" xmlns=\"http://www.w3.org/2000/svg\"");
            }

            svg.Append(" class=\"lock-graph\" width=\"").Append(Text.Num(width)).Append("\" height=\"").Append(Text.Num(height))
                .Append("\" viewBox=\"0 0 ").Append(Text.Num(width)).Append(' ').Append(Text.Num(height))
                .Append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n");
            svg.Append("  <title>").Append(Text.Xml(title)).Append("</title>\n");
            svg.Append("  <defs>\n");
            AppendMarker(svg, "ld-arrow", Palette.Edge);
            AppendMarker(svg, "ld-arrow-cycle", Palette.Cycle);
            svg.Append("  </defs>\n");
            svg.Append("  <rect x=\"0\" y=\"0\" width=\"").Append(Text.Num(width)).Append("\" height=\"").Append(Text.Num(height)).Append("\" fill=\"#ffffff\"/>\n");
            svg.Append("  <text x=\"").Append(Text.Num(Layout.Margin)).Append("\" y=\"").Append(Text.Num(Layout.Margin + 6))
                .Append("\" font-size=\"14\" font-weight=\"bold\" fill=\"#222222\">").Append(Text.Xml(title)).Append("</text>\n");

            svg.Append("  <g class=\"edges\">\n");
            var offsets = ParallelOffsets(edges);
            for (var i = 0; i < edges.Count; i++)
            {
                AppendEdge(svg, edges[i], layout, offsets[i], cycles.IsOnCycle(edges[i].From, edges[i].To));
            }

            svg.Append("  </g>\n");
            svg.Append("  <g class=\"nodes\">\n");
            foreach (var node in graph.Nodes)
            {
                AppendNode(svg, node, layout.Boxes[node.Name], cycles.InCycle(node.Name));
            }

            svg.Append("  </g>\n");
            AppendLegend(svg, layout.Height);
            svg.Append("</svg>\n");
            return svg.ToString();
        }

        private static void AppendMarker(StringBuilder svg, string id, string colour) =>
            svg.Append("    <marker id=\"").Append(id).Append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">")
                .Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").Append(colour).Append("\"/></marker>\n");

        /// <summary>Edges between the same two nodes (either way, either kind) are drawn apart: a sideways offset each.</summary>
        private static double[] ParallelOffsets(IReadOnlyList<LockEdge> edges)
        {
            var offsets = new double[edges.Count];
            var groups = Enumerable.Range(0, edges.Count).GroupBy(i =>
                string.CompareOrdinal(edges[i].From, edges[i].To) <= 0 ? edges[i].From + "\n" + edges[i].To : edges[i].To + "\n" + edges[i].From);
            foreach (var group in groups)
            {
                var members = group.ToList();
                for (var k = 0; k < members.Count; k++)
                {
                    offsets[members[k]] = (k - (members.Count - 1) / 2.0) * 14;
                }
            }

            return offsets;
        }

        private static void AppendEdge(StringBuilder svg, LockEdge edge, Layout layout, double offset, bool onCycle)
        {
            var from = layout.Boxes[edge.From];
            var to = layout.Boxes[edge.To];
            string d;
            if (edge.From == edge.To)
            {
                // A loop on the right side.
                var x = from.Right;
                var y = from.CentreY;
                d = "M" + P(x, y - 7) + " C" + P(x + 46, y - 34) + " " + P(x + 46, y + 34) + " " + P(x, y + 7);
            }
            else if (layout.Rank[edge.To] > layout.Rank[edge.From])
            {
                // Down, from the bottom of one to the top of the other; through each row between, by a gap of
                // that row (a straight drop there), so that it crosses no node.
                var points = new List<(double X, double Y)> { (from.CentreX + offset, from.Bottom) };
                var x2 = to.CentreX + offset;
                var first = layout.Rank[edge.From];
                var last = layout.Rank[edge.To];
                for (var r = first + 1; r < last; r++)
                {
                    var box = layout.Boxes[layout.Rows[r][0]];
                    var along = points[0].X + (x2 - points[0].X) * (r - first) / (last - first);
                    var gap = layout.GapNear(r, along) + offset / 2;
                    points.Add((gap, box.Y));
                    points.Add((gap, box.Bottom));
                }

                points.Add((x2, to.Y));
                var path = new StringBuilder("M" + P(points[0].X, points[0].Y));
                for (var i = 0; i + 1 < points.Count; i++)
                {
                    var (ax, ay) = points[i];
                    var (bx, by) = points[i + 1];
                    if (ax == bx)
                    {
                        path.Append(" L").Append(P(bx, by));
                        continue;
                    }

                    var dy = (by - ay) / 2;
                    path.Append(" C").Append(P(ax, ay + dy)).Append(' ').Append(P(bx, by - dy)).Append(' ').Append(P(bx, by));
                }

                d = path.ToString();
            }
            else if (layout.Rank[edge.To] < layout.Rank[edge.From])
            {
                // Up: not made by this layout (the nodes of a cycle share a row), kept for safety: from the top,
                // bulging right, into the bottom.
                var x1 = from.CentreX + offset;
                var y1 = from.Y;
                var x2 = to.CentreX + offset;
                var y2 = to.Bottom;
                var dy = (y1 - y2) / 3;
                d = "M" + P(x1, y1) + " C" + P(x1 + 48, y1 - dy) + " " + P(x2 + 48, y2 + dy) + " " + P(x2, y2);
            }
            else if (from.X < to.X)
            {
                // Same row, left to right: an arc above.
                var lift = 30 + Math.Abs(offset);
                d = "M" + P(from.CentreX + offset / 2, from.Y) + " C" + P(from.CentreX, from.Y - lift) + " " + P(to.CentreX, to.Y - lift) + " " + P(to.CentreX + offset / 2, to.Y);
            }
            else
            {
                // Same row, right to left: an arc below.
                var drop = 30 + Math.Abs(offset);
                d = "M" + P(from.CentreX + offset / 2, from.Bottom) + " C" + P(from.CentreX, from.Bottom + drop) + " " + P(to.CentreX, to.Bottom + drop) + " " + P(to.CentreX + offset / 2, to.Bottom);
            }

            var kind = edge.Kind == LockEdgeKind.Declared ? "declared" : "observed";
            svg.Append("    <path class=\"edge ").Append(kind).Append(onCycle ? " cycle" : string.Empty)
                .Append("\" data-from=\"").Append(Text.Xml(edge.From)).Append("\" data-to=\"").Append(Text.Xml(edge.To))
                .Append("\" d=\"").Append(d).Append("\" fill=\"none\" stroke=\"").Append(onCycle ? Palette.Cycle : Palette.Edge)
                .Append("\" stroke-width=\"").Append(onCycle ? "2" : "1.4").Append('"');
            if (edge.Kind == LockEdgeKind.Observed)
            {
                svg.Append(" stroke-dasharray=\"6 4\"");
            }

            svg.Append(" marker-end=\"url(#").Append(onCycle ? "ld-arrow-cycle" : "ld-arrow").Append(")\">");
            svg.Append("<title>").Append(Text.Xml(EdgeTitle(edge, onCycle))).Append("</title></path>\n");
        }

        private static string EdgeTitle(LockEdge edge, bool onCycle)
        {
            var title = edge.From + " \u2192 " + edge.To + " (" + (edge.Kind == LockEdgeKind.Declared ? "declared" : "observed") + (onCycle ? ", on a cycle" : string.Empty) + ")";
            return edge.Sites.Count == 0 ? title : title + "\n" + string.Join("\n", edge.Sites);
        }

        private static void AppendNode(StringBuilder svg, LockNode node, Layout.Box box, bool onCycle)
        {
            var kind = node.Kind.ToString().ToLowerInvariant();
            svg.Append("    <g class=\"node ").Append(kind).Append(onCycle ? " cycle" : string.Empty).Append("\" data-name=\"").Append(Text.Xml(node.Name)).Append("\">");
            svg.Append("<title>").Append(Text.Xml(node.Name + " (" + KindText(node.Kind) + ")")).Append("</title>");
            AppendShape(svg, node.Kind, box.X, box.Y, box.Width, box.Height, onCycle);
            svg.Append("<text x=\"").Append(Text.Num(box.CentreX)).Append("\" y=\"").Append(Text.Num(box.CentreY + 4))
                .Append("\" text-anchor=\"middle\" fill=\"#111111\">").Append(Text.Xml(node.Name)).Append("</text></g>\n");
        }

        private static void AppendShape(StringBuilder svg, LockNodeKind kind, double x, double y, double w, double h, bool onCycle)
        {
            string fill, stroke, extra;
            double radius;
            switch (kind)
            {
                case LockNodeKind.Spin:
                    fill = Palette.SpinFill;
                    stroke = Palette.SpinStroke;
                    radius = 2;
                    extra = string.Empty;
                    break;
                case LockNodeKind.Blocking:
                    fill = Palette.BlockingFill;
                    stroke = Palette.BlockingStroke;
                    radius = h / 2;
                    extra = string.Empty;
                    break;
                default:
                    fill = Palette.UnknownFill;
                    stroke = Palette.UnknownStroke;
                    radius = 2;
                    extra = " stroke-dasharray=\"4 3\"";
                    break;
            }

            svg.Append("<rect x=\"").Append(Text.Num(x)).Append("\" y=\"").Append(Text.Num(y)).Append("\" width=\"").Append(Text.Num(w))
                .Append("\" height=\"").Append(Text.Num(h)).Append("\" rx=\"").Append(Text.Num(radius)).Append("\" fill=\"").Append(fill)
                .Append("\" stroke=\"").Append(onCycle ? Palette.Cycle : stroke).Append("\" stroke-width=\"").Append(onCycle ? "2.5" : "1.5").Append('"')
                .Append(extra).Append("/>");
        }

        private static void AppendLegend(StringBuilder svg, double top)
        {
            var y = top + 8;
            svg.Append("  <g class=\"legend\" font-size=\"11\">\n");
            svg.Append("    <rect x=\"").Append(Text.Num(Layout.Margin - 6)).Append("\" y=\"").Append(Text.Num(y)).Append("\" width=\"592\" height=\"48\" rx=\"4\" fill=\"#fafafa\" stroke=\"#cccccc\"/>\n");
            var x = Layout.Margin;
            var shapeY = y + 8;
            foreach (var kind in new[] { LockNodeKind.Spin, LockNodeKind.Blocking, LockNodeKind.Unknown })
            {
                svg.Append("    ");
                AppendShape(svg, kind, x, shapeY, 28, 14, onCycle: false);
                svg.Append("<text x=\"").Append(Text.Num(x + 34)).Append("\" y=\"").Append(Text.Num(shapeY + 11)).Append("\">").Append(KindText(kind)).Append("</text>\n");
                x += 150;
            }

            var lineY = y + 36;
            x = Layout.Margin;
            AppendLegendLine(svg, x, lineY, "declared order", Palette.Edge, dashed: false, "ld-arrow");
            AppendLegendLine(svg, x + 150, lineY, "observed (taken while holding)", Palette.Edge, dashed: true, "ld-arrow");
            AppendLegendLine(svg, x + 380, lineY, "on a cycle: can deadlock", Palette.Cycle, dashed: false, "ld-arrow-cycle");
            svg.Append("  </g>\n");
        }

        private static void AppendLegendLine(StringBuilder svg, double x, double y, string label, string colour, bool dashed, string marker)
        {
            svg.Append("    <line x1=\"").Append(Text.Num(x)).Append("\" y1=\"").Append(Text.Num(y)).Append("\" x2=\"").Append(Text.Num(x + 30))
                .Append("\" y2=\"").Append(Text.Num(y)).Append("\" stroke=\"").Append(colour).Append("\" stroke-width=\"1.6\"")
                .Append(dashed ? " stroke-dasharray=\"6 4\"" : string.Empty).Append(" marker-end=\"url(#").Append(marker).Append(")\"/>");
            svg.Append("<text x=\"").Append(Text.Num(x + 36)).Append("\" y=\"").Append(Text.Num(y + 4)).Append("\">").Append(Text.Xml(label)).Append("</text>\n");
        }

        internal static string KindText(LockNodeKind kind) =>
            kind == LockNodeKind.Spin ? "spin lock" : kind == LockNodeKind.Blocking ? "blocking lock" : "kind unknown";

        private static string P(double x, double y) => Text.Num(x) + "," + Text.Num(y);
    }
}

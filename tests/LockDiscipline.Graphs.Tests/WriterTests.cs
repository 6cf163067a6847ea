using System;
using System.Linq;
using System.Xml.Linq;
using LockDiscipline.Graphs;
using Xunit;

namespace LockDiscipline.Graphs.Tests
{
    /// <summary>The pictures: DOT and Mermaid pinned, SVG well-formed with an element per node and per edge, HTML offline.</summary>
    public class WriterTests
    {
        [Fact]
        public void Dot_IsPinned()
        {
            var expected = string.Join("\n", new[]
            {
                "digraph \"rmap\" {",
                "  rankdir=TB;",
                "  node [fontname=\"sans-serif\", fontsize=11];",
                "  edge [fontname=\"sans-serif\", fontsize=9];",
                "  \"AddressSpace.ISharedLock\" [shape=box, style=filled, fillcolor=\"#fde2c4\", color=\"#c46a00\", penwidth=2];",
                "  \"Inode.Sem\" [shape=box, style=\"rounded,filled\", fillcolor=\"#dbe8fb\", color=\"#2f5fa8\"];",
                "  \"MmStruct.PageTableLock\" [shape=box, style=filled, fillcolor=\"#fde2c4\", color=\"#c46a00\", penwidth=2];",
                "  \"Page.RmapLock\" [shape=box, style=filled, fillcolor=\"#fde2c4\", color=\"#c46a00\"];",
                "  \"AddressSpace.ISharedLock\" -> \"MmStruct.PageTableLock\" [style=solid, color=\"#d0021b\", penwidth=2];",
                "  \"AddressSpace.ISharedLock\" -> \"MmStruct.PageTableLock\" [style=dashed, color=\"#d0021b\", penwidth=2, label=\"Mremap.cs:12\\nRmap.cs:88\"];",
                "  \"Inode.Sem\" -> \"AddressSpace.ISharedLock\" [style=dashed, label=\"Truncate.cs:40\"];",
                "  \"MmStruct.PageTableLock\" -> \"AddressSpace.ISharedLock\" [style=dashed, color=\"#d0021b\", penwidth=2, label=\"NaiveFix.cs:20\"];",
                "  \"MmStruct.PageTableLock\" -> \"Page.RmapLock\" [style=solid];",
                "}",
                "",
            });
            Assert.Equal(expected, LockGraphTests.RmapWithInversion().ToDot("rmap"));
        }

        [Fact]
        public void Dot_EscapesQuotesAndBackslashes()
        {
            var graph = new LockGraph();
            graph.AddEdge("A\"x", "B\\y", LockEdgeKind.Observed, "say \"hi\"");
            var dot = graph.ToDot();
            Assert.Contains("\"A\\\"x\" -> \"B\\\\y\" [style=dashed, label=\"say \\\"hi\\\"\"];", dot);
        }

        [Fact]
        public void Mermaid_IsPinned()
        {
            var expected = string.Join("\n", new[]
            {
                "flowchart TD",
                "  n0[\"AddressSpace.ISharedLock\"]:::spin",
                "  n1([\"Inode.Sem\"]):::blocking",
                "  n2[\"MmStruct.PageTableLock\"]:::spin",
                "  n3[\"Page.RmapLock\"]:::spin",
                "  n0 --> n2",
                "  n0 -.->|\"Mremap.cs:12, Rmap.cs:88\"| n2",
                "  n1 -.->|\"Truncate.cs:40\"| n0",
                "  n2 -.->|\"NaiveFix.cs:20\"| n0",
                "  n2 --> n3",
                "  classDef spin fill:#fde2c4,stroke:#c46a00",
                "  classDef blocking fill:#dbe8fb,stroke:#2f5fa8",
                "  classDef unknown fill:#eeeeee,stroke:#888888,stroke-dasharray:4 3",
                "  linkStyle 0,1,3 stroke:#d0021b,stroke-width:2px",
                "",
            });
            Assert.Equal(expected, LockGraphTests.RmapWithInversion().ToMermaid());
        }

        [Fact]
        public void Mermaid_WithoutACycle_HasNoLinkStyle()
        {
            var mermaid = LockGraphTests.Rmap().ToMermaid();
            Assert.DoesNotContain("linkStyle", mermaid);
            Assert.Contains("  n1 -.->|\"Truncate.cs:40\"| n0\n", mermaid);
        }

        [Fact]
        public void Svg_IsWellFormed_WithOneElementPerNodeAndPerEdge_AndCycleEdgesMarked()
        {
            var graph = LockGraphTests.RmapWithInversion();
            var svg = XDocument.Parse(graph.ToSvg("rmap"));
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);

            var nodes = svg.Descendants().Where(e => HasClass(e, "node")).ToList();
            var edges = svg.Descendants().Where(e => HasClass(e, "edge")).ToList();
            Assert.Equal(graph.Nodes.Select(n => n.Name), nodes.Select(n => (string)n.Attribute("data-name")!));
            Assert.Equal(graph.Edges.Count, edges.Count);
            Assert.Equal(
                graph.Edges.Select(e => e.From + ">" + e.To),
                edges.Select(e => (string)e.Attribute("data-from")! + ">" + (string)e.Attribute("data-to")!));

            // Cycle edges: marked and red; the others not.
            var cycleEdges = edges.Where(e => HasClass(e, "cycle")).ToList();
            Assert.Equal(3, cycleEdges.Count);
            Assert.All(cycleEdges, e => Assert.Equal("#d0021b", (string)e.Attribute("stroke")!));
            Assert.All(cycleEdges, e => Assert.Equal("url(#ld-arrow-cycle)", (string)e.Attribute("marker-end")!));
            var plain = edges.Where(e => !HasClass(e, "cycle")).Select(e => (string)e.Attribute("data-to")!).OrderBy(s => s, StringComparer.Ordinal);
            Assert.Equal(new[] { "AddressSpace.ISharedLock", "Page.RmapLock" }, plain);

            // Declared solid, observed dashed.
            Assert.All(edges.Where(e => HasClass(e, "declared")), e => Assert.Null(e.Attribute("stroke-dasharray")));
            Assert.All(edges.Where(e => HasClass(e, "observed")), e => Assert.NotNull(e.Attribute("stroke-dasharray")));
            Assert.Equal(2, edges.Count(e => HasClass(e, "declared")));

            // Spin and blocking look different; the sites are in the edge's tooltip.
            Assert.Equal(3, nodes.Count(n => HasClass(n, "spin")));
            Assert.Single(nodes, n => HasClass(n, "blocking"));
            var spinFill = (string)nodes.First(n => HasClass(n, "spin")).Element(ns + "rect")!.Attribute("fill")!;
            var blockingFill = (string)nodes.First(n => HasClass(n, "blocking")).Element(ns + "rect")!.Attribute("fill")!;
            Assert.NotEqual(spinFill, blockingFill);
            var observed = edges.Single(e => HasClass(e, "observed") && (string)e.Attribute("data-to")! == "MmStruct.PageTableLock");
            Assert.Contains("Rmap.cs:88", observed.Element(ns + "title")!.Value);

            // The legend names both kinds and all three line styles.
            var legend = svg.Descendants(ns + "g").Single(g => HasClass(g, "legend")).Value;
            Assert.Contains("spin lock", legend);
            Assert.Contains("blocking lock", legend);
            Assert.Contains("declared order", legend);
            Assert.Contains("observed", legend);
            Assert.Contains("cycle", legend);
        }

        [Fact]
        public void Svg_LaysOutInRanks_WithNoTwoNodesOverlapping()
        {
            var graph = LockGraphTests.Rmap();
            var svg = XDocument.Parse(graph.ToSvg());
            XNamespace ns = "http://www.w3.org/2000/svg";
            var boxes = svg.Descendants().Where(e => HasClass(e, "node")).ToDictionary(
                n => (string)n.Attribute("data-name")!,
                n =>
                {
                    var rect = n.Element(ns + "rect")!;
                    return (X: (double)rect.Attribute("x")!, Y: (double)rect.Attribute("y")!, W: (double)rect.Attribute("width")!, H: (double)rect.Attribute("height")!);
                });

            // Inode.Sem → ISharedLock → PageTableLock → RmapLock: four rows, top to bottom.
            Assert.True(boxes["Inode.Sem"].Y < boxes["AddressSpace.ISharedLock"].Y);
            Assert.True(boxes["AddressSpace.ISharedLock"].Y < boxes["MmStruct.PageTableLock"].Y);
            Assert.True(boxes["MmStruct.PageTableLock"].Y < boxes["Page.RmapLock"].Y);
            foreach (var a in boxes)
            {
                foreach (var b in boxes.Where(b => b.Key != a.Key))
                {
                    var apart = a.Value.X + a.Value.W <= b.Value.X || b.Value.X + b.Value.W <= a.Value.X
                        || a.Value.Y + a.Value.H <= b.Value.Y || b.Value.Y + b.Value.H <= a.Value.Y;
                    Assert.True(apart, a.Key + " overlaps " + b.Key);
                }
            }
        }

        [Fact]
        public void Svg_AnEdgeSkippingARow_GoesThroughAGap_NotThroughTheNodeBetween()
        {
            // The reference model's order: ISharedLock → PageTableLock → RmapLock, and ISharedLock → RmapLock seen.
            var graph = new LockGraph();
            graph.AddEdge("AddressSpace.ISharedLock", "MmStruct.PageTableLock", LockEdgeKind.Declared);
            graph.AddEdge("MmStruct.PageTableLock", "Page.RmapLock", LockEdgeKind.Declared);
            graph.AddEdge("AddressSpace.ISharedLock", "Page.RmapLock", LockEdgeKind.Observed, "Rmap.cs:1");
            var svg = XDocument.Parse(graph.ToSvg());
            XNamespace ns = "http://www.w3.org/2000/svg";
            var middle = svg.Descendants().Single(e => HasClass(e, "node") && (string)e.Attribute("data-name")! == "MmStruct.PageTableLock").Element(ns + "rect")!;
            var left = (double)middle.Attribute("x")!;
            var right = left + (double)middle.Attribute("width")!;
            var top = (double)middle.Attribute("y")!;
            var bottom = top + (double)middle.Attribute("height")!;
            var longEdge = svg.Descendants().Single(e => HasClass(e, "edge") && (string)e.Attribute("data-to")! == "Page.RmapLock" && HasClass(e, "observed"));

            // Every point the path names that lies in the middle row's band is beside the node, not over it.
            var d = (string)longEdge.Attribute("d")!;
            var points = d.Split(' ').Select(part => part.TrimStart('M', 'C', 'L')).Where(part => part.Contains(','))
                .Select(part => part.Split(',')).Select(xy => (X: double.Parse(xy[0], System.Globalization.CultureInfo.InvariantCulture), Y: double.Parse(xy[1], System.Globalization.CultureInfo.InvariantCulture)))
                .ToList();
            var inBand = points.Where(p => p.Y >= top && p.Y <= bottom).ToList();
            Assert.NotEmpty(inBand);
            Assert.All(inBand, p => Assert.True(p.X < left || p.X > right, $"({p.X}, {p.Y}) is over the node [{left}, {right}]"));
            Assert.Contains(" L", d); // the straight drop through the row's gap
        }

        [Fact]
        public void Svg_SelfLoop_AndNamesNeedingEscapes_AreWellFormed()
        {
            var graph = new LockGraph();
            graph.AddNode("Q<T>.Lock&\"x\"", LockNodeKind.Blocking);
            graph.AddEdge("Q<T>.Lock&\"x\"", "Q<T>.Lock&\"x\"", LockEdgeKind.Observed, "a.cs:1 <nested>");
            var svg = XDocument.Parse(graph.ToSvg("a < b"));
            var edge = Assert.Single(svg.Descendants(), e => HasClass(e, "edge"));
            Assert.True(HasClass(edge, "cycle"));
            Assert.Equal("Q<T>.Lock&\"x\"", (string)edge.Attribute("data-from")!);
        }

        [Fact]
        public void Svg_EmptyGraph_IsWellFormed()
        {
            var svg = XDocument.Parse(new LockGraph().ToSvg());
            Assert.DoesNotContain(svg.Descendants(), e => HasClass(e, "node") || HasClass(e, "edge"));
        }

        [Fact]
        public void Svg_IsDeterministic_WhateverTheOrderOfAdding()
        {
            var forward = LockGraphTests.RmapWithInversion();
            var backward = new LockGraph();
            foreach (var edge in forward.Edges.Reverse())
            {
                backward.AddEdge(edge.From, edge.To, edge.Kind, edge.Sites.Reverse());
            }

            foreach (var node in forward.Nodes.Reverse())
            {
                backward.AddNode(node.Name, node.Kind);
            }

            Assert.Equal(forward.ToSvg(), backward.ToSvg());
            Assert.Equal(forward.ToHtml(), backward.ToHtml());
            Assert.Equal(forward.ToDot(), backward.ToDot());
        }

        [Fact]
        public void Html_IsSelfContained_WithThePictureAndATableOfEdges()
        {
            var html = LockGraphTests.RmapWithInversion().ToHtml("rmap lock order");
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@font-face", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("<svg class=\"lock-graph\"", html);
            Assert.Contains("<td>MmStruct.PageTableLock</td><td>AddressSpace.ISharedLock</td><td>observed</td><td>yes</td><td><ul class=\"sites\"><li>NaiveFix.cs:20</li></ul></td>", html);
            Assert.Contains("<td>Inode.Sem</td><td>AddressSpace.ISharedLock</td><td>observed</td><td>no</td>", html);
            Assert.Contains("<li>AddressSpace.ISharedLock, MmStruct.PageTableLock</li>", html);
            Assert.Contains("1 cycle", html);

            // The page parses as XML too (it is written as XHTML-compatible markup), and its SVG has every node.
            var page = XDocument.Parse(html.Substring(html.IndexOf("<html", StringComparison.Ordinal)).Replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>").Replace("initial-scale=1\">", "initial-scale=1\"/>"));
            Assert.Equal(4, page.Descendants().Count(e => HasClass(e, "node")));
            Assert.Equal(5, page.Descendants("tr").Count(tr => tr.Parent!.Name == "tbody" && tr.Ancestors("table").Single().Attribute("class")!.Value == "edges"));
        }

        [Fact]
        public void Html_WithoutACycle_SaysSo()
        {
            var html = LockGraphTests.Rmap().ToHtml();
            Assert.Contains("No cycle", html);
            Assert.DoesNotContain("class=\"cycle\"", html);
        }

        private static bool HasClass(XElement element, string name) =>
            ((string?)element.Attribute("class"))?.Split(' ').Contains(name) == true;
    }
}

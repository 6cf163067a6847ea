using System.Linq;
using LockDiscipline.Graphs;
using Xunit;

namespace LockDiscipline.Graphs.Tests
{
    /// <summary>The model: merging, sorting, and the cycles (Tarjan's strongly connected components).</summary>
    public class LockGraphTests
    {
        internal static LockGraph Rmap()
        {
            var graph = new LockGraph();
            graph.AddNode("AddressSpace.ISharedLock", LockNodeKind.Spin);
            graph.AddNode("MmStruct.PageTableLock", LockNodeKind.Spin);
            graph.AddNode("Page.RmapLock", LockNodeKind.Spin);
            graph.AddNode("Inode.Sem", LockNodeKind.Blocking);
            graph.AddEdge("AddressSpace.ISharedLock", "MmStruct.PageTableLock", LockEdgeKind.Declared);
            graph.AddEdge("MmStruct.PageTableLock", "Page.RmapLock", LockEdgeKind.Declared);
            graph.AddEdge("Inode.Sem", "AddressSpace.ISharedLock", LockEdgeKind.Observed, "Truncate.cs:40");
            graph.AddEdge("AddressSpace.ISharedLock", "MmStruct.PageTableLock", LockEdgeKind.Observed, "Mremap.cs:12", "Rmap.cs:88");
            return graph;
        }

        /// <summary><see cref="Rmap"/> plus the naive fix's inversion: PageTableLock then ISharedLock.</summary>
        internal static LockGraph RmapWithInversion()
        {
            var graph = Rmap();
            graph.AddEdge("MmStruct.PageTableLock", "AddressSpace.ISharedLock", LockEdgeKind.Observed, "NaiveFix.cs:20");
            return graph;
        }

        [Fact]
        public void NodesAndEdges_AreSorted_AndMerged()
        {
            var graph = new LockGraph();
            graph.AddEdge("B", "A", LockEdgeKind.Observed, "z.cs:2");
            graph.AddEdge("A", "B", LockEdgeKind.Observed, "y.cs:1");
            graph.AddEdge("A", "B", LockEdgeKind.Declared);
            graph.AddEdge("B", "A", LockEdgeKind.Observed, "a.cs:9", "z.cs:2");
            graph.AddNode("A", LockNodeKind.Blocking);
            graph.AddNode("A", LockNodeKind.Spin); // a known kind is not replaced

            Assert.Equal(new[] { "A", "B" }, graph.Nodes.Select(n => n.Name));
            Assert.Equal(LockNodeKind.Blocking, graph.FindNode("A")!.Kind);
            Assert.Equal(LockNodeKind.Unknown, graph.FindNode("B")!.Kind);
            Assert.Equal(new[] { "A -> B (Declared)", "A -> B (Observed)", "B -> A (Observed)" }, graph.Edges.Select(e => e.ToString()));
            Assert.Equal(new[] { "a.cs:9", "z.cs:2" }, graph.Edges[2].Sites);
            Assert.True(graph.HasEdge("A", "B", LockEdgeKind.Declared));
            Assert.False(graph.HasEdge("B", "A", LockEdgeKind.Declared));
            Assert.True(graph.HasEdge("B", "A"));
            Assert.Null(graph.FindNode("C"));
        }

        [Fact]
        public void Cycles_NoneInAnOrder()
        {
            var graph = Rmap();
            Assert.Empty(graph.Cycles());
            Assert.Empty(graph.CycleEdges());
        }

        [Fact]
        public void Cycles_AnInversion_IsOneComponent_AndItsEdgesAreOnIt()
        {
            var graph = RmapWithInversion();
            var cycle = Assert.Single(graph.Cycles());
            Assert.Equal(new[] { "AddressSpace.ISharedLock", "MmStruct.PageTableLock" }, cycle);
            Assert.Equal(
                new[]
                {
                    "AddressSpace.ISharedLock -> MmStruct.PageTableLock (Declared)",
                    "AddressSpace.ISharedLock -> MmStruct.PageTableLock (Observed)",
                    "MmStruct.PageTableLock -> AddressSpace.ISharedLock (Observed)",
                },
                graph.CycleEdges().Select(e => e.ToString()));
            Assert.False(graph.IsOnCycle(graph.Edges.Single(e => e.To == "Page.RmapLock")));
        }

        [Fact]
        public void Cycles_ALongCycle_AndASelfLoop_AndTwoSeparateComponents()
        {
            var graph = new LockGraph();
            graph.AddEdge("A", "B", LockEdgeKind.Observed);
            graph.AddEdge("B", "C", LockEdgeKind.Observed);
            graph.AddEdge("C", "D", LockEdgeKind.Declared);
            graph.AddEdge("D", "A", LockEdgeKind.Observed);
            graph.AddEdge("D", "E", LockEdgeKind.Observed);   // leaves the cycle: not on it
            graph.AddEdge("X", "X", LockEdgeKind.Observed);   // a class nested in itself
            graph.AddEdge("P", "Q", LockEdgeKind.Observed);
            graph.AddEdge("Q", "P", LockEdgeKind.Observed);

            var cycles = graph.Cycles();
            Assert.Equal(3, cycles.Count);
            Assert.Equal(new[] { "A", "B", "C", "D" }, cycles[0]);
            Assert.Equal(new[] { "P", "Q" }, cycles[1]);
            Assert.Equal(new[] { "X" }, cycles[2]);
            Assert.DoesNotContain(graph.CycleEdges(), e => e.To == "E");
            Assert.Equal(7, graph.CycleEdges().Count);
        }

        [Fact]
        public void Cycles_ADiamond_IsNoCycle()
        {
            var graph = new LockGraph();
            graph.AddEdge("A", "B", LockEdgeKind.Declared);
            graph.AddEdge("A", "C", LockEdgeKind.Declared);
            graph.AddEdge("B", "D", LockEdgeKind.Observed);
            graph.AddEdge("C", "D", LockEdgeKind.Observed);
            graph.AddEdge("A", "D", LockEdgeKind.Observed);
            Assert.Empty(graph.Cycles());
        }

        [Fact]
        public void Cycles_ALongChain_NeedsNoRecursion()
        {
            var graph = new LockGraph();
            for (var i = 0; i < 20000; i++)
            {
                graph.AddEdge("L" + i.ToString("D5"), "L" + (i + 1).ToString("D5"), LockEdgeKind.Observed);
            }

            Assert.Empty(graph.Cycles());
            graph.AddEdge("L20000", "L00000", LockEdgeKind.Observed);
            Assert.Equal(20001, Assert.Single(graph.Cycles()).Count);
        }

        [Fact]
        public void Layout_RanksByLongestPath_IgnoringCycleEdges()
        {
            var graph = new LockGraph();
            graph.AddEdge("A", "B", LockEdgeKind.Declared);
            graph.AddEdge("B", "C", LockEdgeKind.Declared);
            graph.AddEdge("A", "C", LockEdgeKind.Observed); // a shortcut: C stays at rank 2
            graph.AddEdge("C", "D", LockEdgeKind.Observed);
            graph.AddEdge("D", "C", LockEdgeKind.Observed); // a cycle: its edges do not rank
            var layout = Layout.Of(graph);
            Assert.Equal(0, layout.Rank["A"]);
            Assert.Equal(1, layout.Rank["B"]);
            Assert.Equal(2, layout.Rank["C"]);
            Assert.Equal(2, layout.Rank["D"]);
            Assert.True(layout.Boxes["B"].Y > layout.Boxes["A"].Y);
            Assert.Equal(layout.Boxes["C"].Y, layout.Boxes["D"].Y);
            Assert.True(layout.Boxes["C"].Right <= layout.Boxes["D"].X);
        }
    }
}

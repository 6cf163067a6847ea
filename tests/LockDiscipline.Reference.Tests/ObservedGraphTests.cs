using System.Linq;
using LockDiscipline.Graphs;
using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Scenarios;
using Xunit;

namespace LockDiscipline.Reference.Tests
{
    /// <summary>The validator's picture of what it observed (<see cref="LockValidator.ObservedGraph"/>), drawn by LockDiscipline.Graphs.</summary>
    public class ObservedGraphTests
    {
        public ObservedGraphTests()
        {
            LockValidator.Reset();
        }

        private sealed class Loose
        {
            public readonly SpinLockT X;
            public readonly SpinLockT Y;

            public Loose() { X = new SpinLockT(typeof(Loose), nameof(X)); Y = new SpinLockT(typeof(Loose), nameof(Y)); }
        }

        [Fact]
        public void AfterTheRace_ISharedLockBeforePageTableLock_IsObserved_WithItsSites_AndDeclared()
        {
            TruncateMremapRace.Run(patched: true);
            var graph = LockValidator.ObservedGraph();

            Assert.Equal(LockNodeKind.Spin, graph.FindNode("AddressSpace.ISharedLock")!.Kind);
            Assert.Equal(LockNodeKind.Spin, graph.FindNode("MmStruct.PageTableLock")!.Kind);
            var observed = graph.Edges.Single(e => e.From == "AddressSpace.ISharedLock" && e.To == "MmStruct.PageTableLock" && e.Kind == LockEdgeKind.Observed);
            Assert.NotEmpty(observed.Sites);
            Assert.All(observed.Sites, site => Assert.Matches(@"^\w+\.cs:\d+ → \w+\.cs:\d+$", site));
            Assert.True(graph.HasEdge("AddressSpace.ISharedLock", "MmStruct.PageTableLock", LockEdgeKind.Declared));
            Assert.False(graph.HasEdge("MmStruct.PageTableLock", "AddressSpace.ISharedLock"));
            Assert.Empty(graph.Cycles());
        }

        [Fact]
        public void AStressRun_DrawsTheDeclaredOrderAmongTheClassesItSaw()
        {
            var report = MmStress.Run(new MmStressOptions(Seed: 2004));
            Assert.Empty(report.Problems);
            var graph = LockValidator.ObservedGraph();
            Assert.Equal(new[] { "AddressSpace.ISharedLock", "MmStruct.PageTableLock", "Page.RmapLock" }, graph.Nodes.Select(n => n.Name));
            Assert.True(graph.HasEdge("MmStruct.PageTableLock", "Page.RmapLock", LockEdgeKind.Declared));
            Assert.True(graph.HasEdge("AddressSpace.ISharedLock", "MmStruct.PageTableLock", LockEdgeKind.Observed));
            Assert.Empty(graph.Cycles());
        }

        [Fact]
        public void AnInversion_IsNotAnEdge_ButBothOrdersSeenAsChainsAre_AndResetForgetsThem()
        {
            var l = new Loose();
            l.X.Lock();
            l.Y.Lock();
            l.Y.Unlock();
            l.X.Unlock();
            l.Y.Lock();
            Assert.Throws<LockValidationException>(() => l.X.Lock());
            l.Y.Unlock();

            // The inversion was refused, so the graph keeps the one order; no declared edge between loose locks.
            var graph = LockValidator.ObservedGraph();
            var edge = Assert.Single(graph.Edges);
            Assert.Equal("Loose.X -> Loose.Y (Observed)", edge.ToString());
            Assert.Contains("ObservedGraphTests.cs:", edge.Sites.Single());

            LockValidator.Reset();
            Assert.Empty(LockValidator.ObservedGraph().Nodes);

            // After Reset a lock taken alone is a node with no edge: classes are noted again in the new generation.
            l.Y.Lock();
            l.Y.Unlock();
            Assert.Equal("Loose.Y", Assert.Single(LockValidator.ObservedGraph().Nodes).Name);
        }

        private sealed class Chain
        {
            [AcquiredBefore(typeof(Chain), nameof(B))]
            public readonly SpinLockT A;
            [AcquiredBefore(typeof(Chain), nameof(C))]
            public readonly SpinLockT B;
            public readonly SpinLockT C;

            public Chain()
            {
                A = new SpinLockT(typeof(Chain), nameof(A));
                B = new SpinLockT(typeof(Chain), nameof(B));
                C = new SpinLockT(typeof(Chain), nameof(C));
            }
        }

        [Fact]
        public void TheDeclaredOrder_ThroughAClassNeverTaken_IsDrawnBetweenTheClassesSeen()
        {
            var c = new Chain();
            c.A.Lock();
            c.A.Unlock();
            c.C.Lock();
            c.C.Unlock();
            var graph = LockValidator.ObservedGraph();
            Assert.Equal(new[] { "Chain.A", "Chain.C" }, graph.Nodes.Select(n => n.Name));
            Assert.Equal("Chain.A -> Chain.C (Declared)", Assert.Single(graph.Edges).ToString());

            // Once B is taken too, the direct edges are drawn instead.
            c.B.Lock();
            c.B.Unlock();
            graph = LockValidator.ObservedGraph();
            Assert.Equal(new[] { "Chain.A -> Chain.B (Declared)", "Chain.B -> Chain.C (Declared)" }, graph.Edges.Select(e => e.ToString()));
        }

        [Fact]
        public void TheGraph_DrawsAsSvgAndHtml()
        {
            TruncateMremapRace.Run(patched: true);
            var graph = LockValidator.ObservedGraph();
            var svg = System.Xml.Linq.XDocument.Parse(graph.ToSvg());
            Assert.Equal(graph.Edges.Count, svg.Descendants().Count(e => ((string?)e.Attribute("class"))?.StartsWith("edge ") == true));
            Assert.Contains("AddressSpace.ISharedLock", graph.ToHtml());
        }
    }
}

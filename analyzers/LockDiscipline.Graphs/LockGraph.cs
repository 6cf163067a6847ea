using System;
using System.Collections.Generic;
using System.Linq;

namespace LockDiscipline.Graphs
{
    /// <summary>What kind of lock a lock class is: a spin lock (nothing may sleep under it), a blocking lock, or not known.</summary>
    public enum LockNodeKind
    {
        Unknown,
        Spin,
        Blocking,
    }

    /// <summary>Where an edge "<c>From</c> is taken before <c>To</c>" comes from.</summary>
    public enum LockEdgeKind
    {
        /// <summary>Written down: <c>[AcquiredBefore]</c> / <c>[AcquiredAfter]</c>.</summary>
        Declared,

        /// <summary>Seen: <c>To</c> was taken while <c>From</c> was held (by the analyzers at build time, or the validator at run time).</summary>
        Observed,
    }

    /// <summary>A lock class, named like <c>AddressSpace.ISharedLock</c>.</summary>
    public sealed class LockNode
    {
        internal LockNode(string name, LockNodeKind kind)
        {
            Name = name;
            Kind = kind;
        }

        public string Name { get; }

        public LockNodeKind Kind { get; internal set; }

        public override string ToString() => Name + " (" + Kind + ")";
    }

    /// <summary>"<see cref="From"/> is taken before <see cref="To"/>", with the sites or methods that show it (sorted, distinct).</summary>
    public sealed class LockEdge
    {
        private readonly SortedSet<string> _sites = new SortedSet<string>(StringComparer.Ordinal);

        internal LockEdge(string from, string to, LockEdgeKind kind)
        {
            From = from;
            To = to;
            Kind = kind;
        }

        public string From { get; }

        public string To { get; }

        public LockEdgeKind Kind { get; }

        /// <summary>Where the order is declared or was observed: "file:line", a method, anything a reader can follow.</summary>
        public IReadOnlyList<string> Sites => _sites.ToList();

        internal void AddSite(string site) => _sites.Add(site);

        public override string ToString() => From + " -> " + To + " (" + Kind + ")";
    }

    /// <summary>
    /// The lock order as a graph: lock classes and "taken before" edges, declared or observed. Nodes and edges
    /// are kept sorted (ordinal), so every picture of the same graph is the same text. Adding a node or an edge
    /// twice merges: a known kind replaces <see cref="LockNodeKind.Unknown"/>, sites are added to the edge.
    /// </summary>
    public sealed class LockGraph
    {
        private readonly SortedDictionary<string, LockNode> _nodes = new SortedDictionary<string, LockNode>(StringComparer.Ordinal);
        private readonly SortedDictionary<EdgeKey, LockEdge> _edges = new SortedDictionary<EdgeKey, LockEdge>();

        /// <summary>The lock classes, sorted by name.</summary>
        public IReadOnlyList<LockNode> Nodes => _nodes.Values.ToList();

        /// <summary>The edges, sorted by from, to, then kind (declared first).</summary>
        public IReadOnlyList<LockEdge> Edges => _edges.Values.ToList();

        /// <summary>Adds the lock class <paramref name="name"/>, or gives a known kind to one already there.</summary>
        public LockNode AddNode(string name, LockNodeKind kind = LockNodeKind.Unknown)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("A lock class needs a name.", nameof(name));
            }

            if (_nodes.TryGetValue(name, out var node))
            {
                if (node.Kind == LockNodeKind.Unknown)
                {
                    node.Kind = kind;
                }

                return node;
            }

            node = new LockNode(name, kind);
            _nodes.Add(name, node);
            return node;
        }

        /// <summary>Adds "<paramref name="from"/> before <paramref name="to"/>" (and its nodes, of unknown kind if new),
        /// or adds <paramref name="sites"/> to that edge if it is there already.</summary>
        public LockEdge AddEdge(string from, string to, LockEdgeKind kind, IEnumerable<string>? sites = null)
        {
            AddNode(from);
            AddNode(to);
            var key = new EdgeKey(from, to, kind);
            if (!_edges.TryGetValue(key, out var edge))
            {
                edge = new LockEdge(from, to, kind);
                _edges.Add(key, edge);
            }

            if (sites is not null)
            {
                foreach (var site in sites)
                {
                    if (!string.IsNullOrEmpty(site))
                    {
                        edge.AddSite(site);
                    }
                }
            }

            return edge;
        }

        /// <summary>Adds "<paramref name="from"/> before <paramref name="to"/>" with the given sites.</summary>
        public LockEdge AddEdge(string from, string to, LockEdgeKind kind, params string[] sites) =>
            AddEdge(from, to, kind, (IEnumerable<string>)sites);

        /// <summary>The node named <paramref name="name"/>, or null.</summary>
        public LockNode? FindNode(string name) => _nodes.TryGetValue(name, out var node) ? node : null;

        /// <summary>True when there is an edge <paramref name="from"/> → <paramref name="to"/> (of <paramref name="kind"/>, if given).</summary>
        public bool HasEdge(string from, string to, LockEdgeKind? kind = null) =>
            kind is { } k
                ? _edges.ContainsKey(new EdgeKey(from, to, k))
                : _edges.ContainsKey(new EdgeKey(from, to, LockEdgeKind.Declared)) || _edges.ContainsKey(new EdgeKey(from, to, LockEdgeKind.Observed));

        /// <summary>
        /// The cycles of the order, declared and observed edges together: each strongly connected component of
        /// more than one node, and each node with an edge to itself, as its node names sorted; the list sorted by
        /// first name. A lock order with no cycle cannot deadlock by ABBA.
        /// </summary>
        public IReadOnlyList<IReadOnlyList<string>> Cycles()
        {
            var cycles = new List<IReadOnlyList<string>>();
            var selfLoops = SelfLoops();
            foreach (var component in StronglyConnectedComponents())
            {
                if (component.Count > 1 || selfLoops.Contains(component[0]))
                {
                    cycles.Add(component);
                }
            }

            cycles.Sort((a, b) => string.CompareOrdinal(a[0], b[0]));
            return cycles;
        }

        /// <summary>True when <paramref name="edge"/> lies on a cycle: a self-loop, or both ends in one strongly connected component.</summary>
        public bool IsOnCycle(LockEdge edge) => CycleComponentIndex().IsOnCycle(edge.From, edge.To);

        /// <summary>The edges that lie on a cycle, in <see cref="Edges"/> order: these are the ones to highlight.</summary>
        public IReadOnlyList<LockEdge> CycleEdges()
        {
            var index = CycleComponentIndex();
            return _edges.Values.Where(e => index.IsOnCycle(e.From, e.To)).ToList();
        }

        /// <summary>Graphviz DOT: <c>dot -Tsvg</c> draws it.</summary>
        public string ToDot(string title = "lock order") => DotWriter.Write(this, title);

        /// <summary>A Mermaid flowchart, for Markdown that renders Mermaid.</summary>
        public string ToMermaid() => MermaidWriter.Write(this);

        /// <summary>A standalone SVG picture, laid out here (no Graphviz needed).</summary>
        public string ToSvg(string title = "lock order") => SvgWriter.Write(this, title, standalone: true);

        /// <summary>A self-contained HTML page: the SVG picture, the cycles and a table of the edges with their sites. No scripts, no fonts, no links out: it opens offline.</summary>
        public string ToHtml(string title = "lock order") => HtmlWriter.Write(this, title);

        /// <summary>Node names by component, for highlighting.</summary>
        internal CycleIndex CycleComponentIndex()
        {
            var componentOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var sizes = new List<int>();
            foreach (var component in StronglyConnectedComponents())
            {
                foreach (var name in component)
                {
                    componentOf[name] = sizes.Count;
                }

                sizes.Add(component.Count);
            }

            return new CycleIndex(componentOf, sizes, SelfLoops());
        }

        private HashSet<string> SelfLoops() =>
            new HashSet<string>(_edges.Keys.Where(e => e.From == e.To).Select(e => e.From), StringComparer.Ordinal);

        /// <summary>The successors of each node over all edges, each list sorted and distinct.</summary>
        internal Dictionary<string, List<string>> Successors()
        {
            var successors = _nodes.Keys.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
            foreach (var key in _edges.Keys)
            {
                var list = successors[key.From];
                if (list.Count == 0 || list[list.Count - 1] != key.To)
                {
                    list.Add(key.To);
                }
            }

            return successors;
        }

        /// <summary>Tarjan's algorithm, iterative (no recursion depth limit); each component's names sorted.</summary>
        internal List<List<string>> StronglyConnectedComponents()
        {
            var successors = Successors();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var lowLink = new Dictionary<string, int>(StringComparer.Ordinal);
            var onStack = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            var components = new List<List<string>>();
            var next = 0;

            foreach (var root in _nodes.Keys)
            {
                if (index.ContainsKey(root))
                {
                    continue;
                }

                // Each frame: a node and how many of its successors have been looked at.
                var frames = new Stack<(string Node, int Child)>();
                frames.Push((root, 0));
                index[root] = lowLink[root] = next++;
                stack.Push(root);
                onStack.Add(root);

                while (frames.Count > 0)
                {
                    var (node, child) = frames.Pop();
                    var children = successors[node];
                    if (child < children.Count)
                    {
                        frames.Push((node, child + 1));
                        var w = children[child];
                        if (!index.ContainsKey(w))
                        {
                            index[w] = lowLink[w] = next++;
                            stack.Push(w);
                            onStack.Add(w);
                            frames.Push((w, 0));
                        }
                        else if (onStack.Contains(w))
                        {
                            lowLink[node] = Math.Min(lowLink[node], index[w]);
                        }

                        continue;
                    }

                    // All successors done: pass the low link up, and pop a component at its root.
                    if (frames.Count > 0)
                    {
                        var parent = frames.Peek().Node;
                        lowLink[parent] = Math.Min(lowLink[parent], lowLink[node]);
                    }

                    if (lowLink[node] == index[node])
                    {
                        var component = new List<string>();
                        string member;
                        do
                        {
                            member = stack.Pop();
                            onStack.Remove(member);
                            component.Add(member);
                        }
                        while (member != node);

                        component.Sort(StringComparer.Ordinal);
                        components.Add(component);
                    }
                }
            }

            return components;
        }

        internal sealed class CycleIndex
        {
            private readonly Dictionary<string, int> _componentOf;
            private readonly List<int> _sizes;
            private readonly HashSet<string> _selfLoops;

            public CycleIndex(Dictionary<string, int> componentOf, List<int> sizes, HashSet<string> selfLoops)
            {
                _componentOf = componentOf;
                _sizes = sizes;
                _selfLoops = selfLoops;
            }

            public bool IsOnCycle(string from, string to) =>
                from == to || (_componentOf[from] == _componentOf[to] && _sizes[_componentOf[from]] > 1);

            /// <summary>The strongly connected component <paramref name="node"/> is in (a number).</summary>
            public int Component(string node) => _componentOf[node];

            /// <summary>True when <paramref name="node"/> is on some cycle.</summary>
            public bool InCycle(string node) => _sizes[_componentOf[node]] > 1 || _selfLoops.Contains(node);
        }

        private readonly struct EdgeKey : IComparable<EdgeKey>, IEquatable<EdgeKey>
        {
            public EdgeKey(string from, string to, LockEdgeKind kind)
            {
                From = from;
                To = to;
                Kind = kind;
            }

            public string From { get; }

            public string To { get; }

            public LockEdgeKind Kind { get; }

            public int CompareTo(EdgeKey other)
            {
                var c = string.CompareOrdinal(From, other.From);
                if (c != 0)
                {
                    return c;
                }

                c = string.CompareOrdinal(To, other.To);
                return c != 0 ? c : Kind.CompareTo(other.Kind);
            }

            public bool Equals(EdgeKey other) => CompareTo(other) == 0;

            public override bool Equals(object? obj) => obj is EdgeKey other && Equals(other);

            public override int GetHashCode() => (From.GetHashCode() * 31 + To.GetHashCode()) * 3 + (int)Kind;
        }
    }
}

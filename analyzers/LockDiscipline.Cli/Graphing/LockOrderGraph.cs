using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LockDiscipline.Analyzers;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Cli.Graphing
{
    /// <summary>A lock class in the picture.</summary>
    public sealed class LockNode
    {
        public LockNode(string key, string name, bool isSpin)
        {
            Key = key;
            Name = name;
            IsSpin = isSpin;
        }

        /// <summary>The class's identity across projects (its fully qualified name).</summary>
        public string Key { get; }

        /// <summary>Short name: <c>AddressSpace.ISharedLock</c>.</summary>
        public string Name { get; }

        public bool IsSpin { get; }
    }

    /// <summary>One ordered pair of lock classes: declared, observed at some sites, or both.</summary>
    public sealed class LockOrderEdge
    {
        public LockOrderEdge(string from, string to, bool isDeclared, IReadOnlyList<string> sites, bool inCycle, bool againstDeclared)
        {
            From = from;
            To = to;
            IsDeclared = isDeclared;
            Sites = sites;
            InCycle = inCycle;
            AgainstDeclared = againstDeclared;
        }

        public string From { get; }
        public string To { get; }

        /// <summary>Written with <c>[AcquiredBefore]</c>/<c>[AcquiredAfter]</c>.</summary>
        public bool IsDeclared { get; }

        /// <summary>Where the code takes <see cref="To"/> while holding <see cref="From"/>: <c>Method() at File.cs:12</c>.</summary>
        public IReadOnlyList<string> Sites { get; }

        /// <summary>On a cycle of the order: a potential deadlock.</summary>
        public bool InCycle { get; }

        /// <summary>Observed in the direction opposite to one the declarations put (LD0001).</summary>
        public bool AgainstDeclared { get; }

        public bool IsObserved => Sites.Count > 0;

        /// <summary>A problem to draw in red.</summary>
        public bool IsBad => InCycle || AgainstDeclared;
    }

    /// <summary>The lock order the analysis saw, across every project: what the graph command draws.</summary>
    public sealed class LockOrderGraph
    {
        private LockOrderGraph(IReadOnlyList<LockNode> nodes, IReadOnlyList<LockOrderEdge> edges)
        {
            Nodes = nodes;
            Edges = edges;
        }

        public IReadOnlyList<LockNode> Nodes { get; }

        public IReadOnlyList<LockOrderEdge> Edges { get; }

        public LockNode Node(string key) => Nodes.First(n => n.Key == key);

        /// <summary>Joins the engine's per-project results: lock classes by qualified name, edges by ordered pair.</summary>
        public static LockOrderGraph From(IEnumerable<LockDisciplineResult> results, bool includeIsolated = false, IReadOnlyCollection<string>? exclude = null)
        {
            var list = results.ToList();
            var nodes = new Dictionary<string, LockNode>(StringComparer.Ordinal);
            foreach (var lockClass in list.SelectMany(r => r.LockClasses))
            {
                if (!nodes.TryGetValue(lockClass.QualifiedName, out var known) || (!known.IsSpin && lockClass.IsSpin))
                {
                    nodes[lockClass.QualifiedName] = new LockNode(lockClass.QualifiedName, lockClass.Name, lockClass.IsSpin);
                }
            }

            // Left out on request: a class named by its short or qualified name (a lock's own internals, a logger's lock).
            bool Excluded(string key, string name) => exclude is not null && exclude.Any(x => x == key || x == name);
            foreach (var key in nodes.Values.Where(n => Excluded(n.Key, n.Name)).Select(n => n.Key).ToList())
            {
                nodes.Remove(key);
            }

            var facts = list.SelectMany(r => r.Edges).Where(e => !Excluded(e.FromKey, e.From) && !Excluded(e.ToKey, e.To)).ToList();
            foreach (var edge in facts)
            {
                if (!nodes.ContainsKey(edge.FromKey))
                {
                    nodes[edge.FromKey] = new LockNode(edge.FromKey, edge.From, false);
                }

                if (!nodes.ContainsKey(edge.ToKey))
                {
                    nodes[edge.ToKey] = new LockNode(edge.ToKey, edge.To, false);
                }
            }

            var pairs = facts.GroupBy(e => (e.FromKey, e.ToKey)).ToList();
            var declared = new HashSet<(string, string)>(pairs.Where(g => g.Any(e => e.IsDeclared)).Select(g => g.Key));
            // Observed edges are judged on the whole order; declared ones only among the declarations (a cycle there is LD0009).
            var cyclic = CyclicPairs(pairs.Select(g => g.Key).ToList());
            var declaredCycles = CyclicPairs(declared.ToList());
            var edges = pairs
                .Select(g => new LockOrderEdge(
                    g.Key.FromKey,
                    g.Key.ToKey,
                    declared.Contains(g.Key),
                    g.Where(e => !e.IsDeclared).Select(e => Site(e)).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList(),
                    declared.Contains(g.Key) ? declaredCycles.Contains(g.Key) : cyclic.Contains(g.Key),
                    !declared.Contains(g.Key) && declared.Contains((g.Key.ToKey, g.Key.FromKey))))
                .OrderBy(e => nodes[e.From].Name, StringComparer.Ordinal)
                .ThenBy(e => nodes[e.To].Name, StringComparer.Ordinal)
                .ToList();
            var linked = new HashSet<string>(edges.SelectMany(e => new[] { e.From, e.To }), StringComparer.Ordinal);
            var ordered = nodes.Values.Where(n => includeIsolated || linked.Contains(n.Key)).OrderBy(n => n.Name, StringComparer.Ordinal).ThenBy(n => n.Key, StringComparer.Ordinal).ToList();
            return new LockOrderGraph(ordered, edges);
        }

        private static string Site(LockEdgeFact edge)
        {
            var span = edge.Site.GetMappedLineSpan();
            // Pictures are read, not clicked: the file's name and line, the method without its parameters.
            var where = span.IsValid && !string.IsNullOrEmpty(span.Path)
                ? $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}"
                : "(unknown)";
            if (edge.Method is null)
            {
                return where;
            }

            var paren = edge.Method.IndexOf('(');
            return $"{(paren > 0 ? edge.Method.Substring(0, paren) : edge.Method)} at {where}";
        }

        /// <summary>The ordered pairs that lie on a cycle: both ends in one strongly connected component (Tarjan).</summary>
        private static HashSet<(string, string)> CyclicPairs(IReadOnlyList<(string From, string To)> pairs)
        {
            var successors = pairs.GroupBy(p => p.From).ToDictionary(g => g.Key, g => g.Select(p => p.To).ToList());
            var index = new Dictionary<string, int>();
            var low = new Dictionary<string, int>();
            var component = new Dictionary<string, int>();
            var stack = new Stack<string>();
            var onStack = new HashSet<string>();
            var counter = 0;
            var components = 0;

            void Visit(string v)
            {
                index[v] = low[v] = counter++;
                stack.Push(v);
                onStack.Add(v);
                foreach (var w in successors.TryGetValue(v, out var next) ? next : new List<string>())
                {
                    if (!index.ContainsKey(w))
                    {
                        Visit(w);
                        low[v] = Math.Min(low[v], low[w]);
                    }
                    else if (onStack.Contains(w))
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }
                }

                if (low[v] == index[v])
                {
                    string w;
                    do
                    {
                        w = stack.Pop();
                        onStack.Remove(w);
                        component[w] = components;
                    }
                    while (w != v);
                    components++;
                }
            }

            foreach (var v in pairs.SelectMany(p => new[] { p.From, p.To }).Distinct())
            {
                if (!index.ContainsKey(v))
                {
                    Visit(v);
                }
            }

            return new HashSet<(string, string)>(pairs.Where(p => p.From == p.To || component[p.From] == component[p.To]));
        }
    }
}

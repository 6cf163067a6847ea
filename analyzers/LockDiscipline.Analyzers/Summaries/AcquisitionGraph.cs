using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Rules;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// LD0010, lockdep's dependency graph at build time: every "B acquired while A held" across the
    /// compilation, directly or through calls (each method's acquisitions closed over the calls it
    /// makes), as edges between lock classes. A cycle whose classes have no declared order between them
    /// is a potential deadlock, reported once with each acquisition site. Try-acquires add no edge;
    /// pairs with a declared order are LD0001's.
    /// </summary>
    internal sealed class AcquisitionGraph
    {
        private const int MaxCycleLength = 4;

        private readonly Func<LockOrder> _order;
        // Recorded from many threads as bodies are analyzed; read once, when the compilation ends.
        private readonly ConcurrentQueue<Edge> _direct = new ConcurrentQueue<Edge>();
        private readonly ConcurrentQueue<(IReadOnlyList<(LockClass Class, Location Site)> Held, IMethodSymbol Callee, Location Site)> _callsUnderLocks =
            new ConcurrentQueue<(IReadOnlyList<(LockClass, Location)>, IMethodSymbol, Location)>();
        private readonly ConcurrentQueue<(IMethodSymbol Owner, LockClass Class, Location Site)> _acquires =
            new ConcurrentQueue<(IMethodSymbol, LockClass, Location)>();
        private readonly ConcurrentQueue<(IMethodSymbol Caller, IMethodSymbol[] Callees)> _calls =
            new ConcurrentQueue<(IMethodSymbol, IMethodSymbol[])>();

        public AcquisitionGraph(Func<LockOrder> order)
        {
            _order = order;
        }

        /// <summary>An edge: <see cref="To"/> acquired at <see cref="ToSite"/> while <see cref="From"/> (taken at <see cref="FromSite"/>) was held.</summary>
        internal sealed record Edge(LockClass From, Location FromSite, LockClass To, Location ToSite, string Via);

        public void RecordAcquire(IMethodSymbol? owner, LockClass acquired, Location site, IEnumerable<(LockClass Class, Location Site)> held)
        {
            if (owner is not null)
            {
                _acquires.Enqueue((owner.OriginalDefinition, acquired, site));
            }

            foreach (var (heldClass, heldSite) in held)
            {
                if (!heldClass.Equals(acquired))
                {
                    _direct.Enqueue(new Edge(heldClass, heldSite, acquired, site, ""));
                }
            }
        }

        public void RecordCalls(IMethodSymbol caller, List<IMethodSymbol> callees) =>
            _calls.Enqueue((caller.OriginalDefinition, callees.ToArray()));

        public void RecordCallUnderLocks(IReadOnlyList<(LockClass Class, Location Site)> held, IMethodSymbol callee, Location site) =>
            _callsUnderLocks.Enqueue((held, callee.OriginalDefinition, site));

        public void Report(DiagnosticCollector diagnostics)
        {
            if (_direct.IsEmpty && _callsUnderLocks.IsEmpty)
            {
                return;
            }

            var order = _order();
            var edges = _direct.Concat(EdgesThroughCalls())
                .Where(e => !order.IsBefore(e.From, e.To) && !order.IsBefore(e.To, e.From))
                .GroupBy(e => (e.From, e.To))
                .ToDictionary(g => g.Key, g => g.OrderBy(e => e.ToSite.SourceTree?.FilePath).ThenBy(e => e.ToSite.SourceSpan.Start).First());
            var successors = edges.Keys.GroupBy(k => k.From).ToDictionary(g => g.Key, g => g.Select(k => k.To).ToList());
            foreach (var cycle in Cycles(successors))
            {
                var cycleEdges = cycle.Select((c, i) => edges[(c, cycle[(i + 1) % cycle.Count])]).ToList();
                var description = string.Join("; ", cycleEdges.Select(Describe));
                diagnostics.Report(Descriptors.InferredDeadlock, cycleEdges[0].ToSite,
                    cycleEdges.Skip(1).Select(e => e.ToSite).Concat(cycleEdges.Select(e => e.FromSite)), description);
            }
        }

        private static string Describe(Edge edge)
        {
            var span = edge.ToSite.GetLineSpan();
            var where = $"{System.IO.Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
            return $"{edge.To} taken while holding {edge.From} at {where}{edge.Via}";
        }

        /// <summary>
        /// What calling <paramref name="callee"/> may acquire: the acquisitions of every method it reaches
        /// through calls, each with where it is taken and the method that takes it. Worked out only for
        /// methods called with locks held, on demand.
        /// </summary>
        private static Dictionary<LockClass, (Location Site, IMethodSymbol In)> Reachable(
            IMethodSymbol callee,
            Dictionary<IMethodSymbol, List<(LockClass, Location)>> acquires,
            Dictionary<IMethodSymbol, List<IMethodSymbol>> calls)
        {
            var found = new Dictionary<LockClass, (Location, IMethodSymbol)>();
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { callee };
            var work = new Queue<IMethodSymbol>();
            work.Enqueue(callee);
            while (work.Count > 0)
            {
                var method = work.Dequeue();
                if (acquires.TryGetValue(method, out var own))
                {
                    foreach (var (lockClass, site) in own)
                    {
                        if (!found.ContainsKey(lockClass))
                        {
                            found[lockClass] = (site, method);
                        }
                    }
                }

                if (calls.TryGetValue(method, out var next))
                {
                    foreach (var c in next)
                    {
                        if (seen.Add(c))
                        {
                            work.Enqueue(c);
                        }
                    }
                }
            }

            return found;
        }

        private IEnumerable<Edge> EdgesThroughCalls()
        {
            if (_callsUnderLocks.IsEmpty)
            {
                yield break;
            }

            var acquires = new Dictionary<IMethodSymbol, List<(LockClass, Location)>>(SymbolEqualityComparer.Default);
            foreach (var (owner, lockClass, site) in _acquires)
            {
                if (!acquires.TryGetValue(owner, out var list))
                {
                    acquires[owner] = list = new List<(LockClass, Location)>();
                }

                list.Add((lockClass, site));
            }

            var calls = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
            foreach (var (caller, callees) in _calls)
            {
                if (!calls.TryGetValue(caller, out var list))
                {
                    calls[caller] = list = new List<IMethodSymbol>();
                }

                list.AddRange(callees.Select(c => c.OriginalDefinition));
            }

            var memo = new Dictionary<IMethodSymbol, Dictionary<LockClass, (Location Site, IMethodSymbol In)>>(SymbolEqualityComparer.Default);
            foreach (var (held, callee, site) in _callsUnderLocks)
            {
                if (!memo.TryGetValue(callee, out var acquired))
                {
                    memo[callee] = acquired = Reachable(callee, acquires, calls);
                }

                foreach (var entry in acquired)
                {
                    foreach (var (heldClass, heldSite) in held)
                    {
                        if (!heldClass.Equals(entry.Key))
                        {
                            var span = entry.Value.Site.GetLineSpan();
                            yield return new Edge(heldClass, heldSite, entry.Key, site,
                                $", through {callee.Name}() which takes it at {System.IO.Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}");
                        }
                    }
                }
            }
        }

        /// <summary>The elementary cycles up to <see cref="MaxCycleLength"/> classes, each once (started at its least class).</summary>
        private static IEnumerable<List<LockClass>> Cycles(Dictionary<LockClass, List<LockClass>> successors)
        {
            var nodes = successors.Keys.OrderBy(n => n.ToString(), StringComparer.Ordinal).ToList();
            var rank = nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
            foreach (var start in nodes)
            {
                var path = new List<LockClass> { start };
                foreach (var cycle in Extend(start, path, successors, rank))
                {
                    yield return cycle;
                }
            }
        }

        private static IEnumerable<List<LockClass>> Extend(LockClass start, List<LockClass> path, Dictionary<LockClass, List<LockClass>> successors, Dictionary<LockClass, int> rank)
        {
            if (!successors.TryGetValue(path[path.Count - 1], out var next))
            {
                yield break;
            }

            foreach (var to in next)
            {
                if (to.Equals(start) && path.Count > 1)
                {
                    yield return new List<LockClass>(path);
                }
                else if (path.Count < MaxCycleLength && !path.Contains(to) && rank.TryGetValue(to, out var r) && r > rank[start])
                {
                    path.Add(to);
                    foreach (var cycle in Extend(start, path, successors, rank))
                    {
                        yield return cycle;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }
        }
    }
}

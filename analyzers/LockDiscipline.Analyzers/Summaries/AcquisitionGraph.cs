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
        private readonly ConcurrentBag<Edge> _direct = new ConcurrentBag<Edge>();
        private readonly ConcurrentBag<(IMethodSymbol Caller, IReadOnlyList<(LockClass Class, Location Site)> Held, IMethodSymbol Callee, Location Site)> _callsUnderLocks =
            new ConcurrentBag<(IMethodSymbol, IReadOnlyList<(LockClass, Location)>, IMethodSymbol, Location)>();
        private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentBag<(LockClass Class, Location Site)>> _acquires =
            new ConcurrentDictionary<IMethodSymbol, ConcurrentBag<(LockClass, Location)>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentBag<IMethodSymbol>> _calls =
            new ConcurrentDictionary<IMethodSymbol, ConcurrentBag<IMethodSymbol>>(SymbolEqualityComparer.Default);

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
                _acquires.GetOrAdd(owner.OriginalDefinition, _ => new ConcurrentBag<(LockClass, Location)>()).Add((acquired, site));
            }

            foreach (var (heldClass, heldSite) in held)
            {
                if (!heldClass.Equals(acquired))
                {
                    _direct.Add(new Edge(heldClass, heldSite, acquired, site, ""));
                }
            }
        }

        public void RecordCalls(IMethodSymbol caller, IEnumerable<IMethodSymbol> callees)
        {
            var bag = _calls.GetOrAdd(caller.OriginalDefinition, _ => new ConcurrentBag<IMethodSymbol>());
            foreach (var callee in callees)
            {
                bag.Add(callee.OriginalDefinition);
            }
        }

        public void RecordCallUnderLocks(IMethodSymbol caller, IReadOnlyList<(LockClass Class, Location Site)> held, IMethodSymbol callee, Location site) =>
            _callsUnderLocks.Add((caller, held, callee.OriginalDefinition, site));

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

        /// <summary>Each method's acquisitions, closed over its calls (a small fixpoint over the call graph).</summary>
        private Dictionary<IMethodSymbol, Dictionary<LockClass, (Location Site, string Via)>> Closure()
        {
            var closure = new Dictionary<IMethodSymbol, Dictionary<LockClass, (Location, string)>>(SymbolEqualityComparer.Default);
            foreach (var pair in _acquires)
            {
                var own = new Dictionary<LockClass, (Location, string)>();
                foreach (var (lockClass, site) in pair.Value)
                {
                    if (!own.ContainsKey(lockClass))
                    {
                        own[lockClass] = (site, "");
                    }
                }

                closure[pair.Key] = own;
            }

            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var pair in _calls)
                {
                    if (!closure.TryGetValue(pair.Key, out var mine))
                    {
                        closure[pair.Key] = mine = new Dictionary<LockClass, (Location, string)>();
                    }

                    foreach (var callee in pair.Value.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default))
                    {
                        if (!closure.TryGetValue(callee, out var theirs))
                        {
                            continue;
                        }

                        foreach (var entry in theirs.ToList())
                        {
                            if (!mine.ContainsKey(entry.Key))
                            {
                                mine[entry.Key] = (entry.Value.Item1, entry.Value.Item2.Length > 0 ? entry.Value.Item2 : $" (in {callee.Name}())");
                                changed = true;
                            }
                        }
                    }
                }
            }

            return closure;
        }

        private IEnumerable<Edge> EdgesThroughCalls()
        {
            if (_callsUnderLocks.IsEmpty)
            {
                yield break;
            }

            var closure = Closure();
            foreach (var (_, held, callee, site) in _callsUnderLocks)
            {
                if (!closure.TryGetValue(callee, out var acquired))
                {
                    continue;
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

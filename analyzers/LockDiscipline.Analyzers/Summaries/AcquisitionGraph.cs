using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// An edge of the inferred order: <see cref="To"/> acquired at <see cref="ToSite"/>, in
    /// <see cref="Owner"/>, while <see cref="From"/> (taken at <see cref="FromSite"/>) was held. When the
    /// acquisition happens inside a call, <see cref="Callee"/> is the method called at <see cref="ToSite"/>
    /// and <see cref="TakenAt"/> where the lock is taken beneath it.
    /// </summary>
    internal sealed record AcquisitionEdge(LockClass From, Location FromSite, LockClass To, Location ToSite, IMethodSymbol? Owner, IMethodSymbol? Callee, Location? TakenAt)
    {
        /// <summary>For an edge through calls: the calls from <see cref="Callee"/> down to the method that takes the lock, in order.</summary>
        public ImmutableArray<IMethodSymbol> Chain { get; init; } = ImmutableArray<IMethodSymbol>.Empty;
    }

    /// <summary>
    /// lockdep's dependency graph at build time: every "B acquired while A held" across the
    /// compilation, directly or through calls (each method's acquisitions closed over the calls it
    /// makes), as edges between lock classes. It answers with verdicts — the edges, the cycles whose
    /// classes have no declared order — and reports nothing itself (LD0010's rule does). Try-acquires
    /// add no edge; pairs with a declared order are LD0001's.
    /// </summary>
    internal sealed class AcquisitionGraph
    {
        private readonly Func<LockOrder> _order;
        // Recorded from many threads as bodies are analyzed; read once, when the compilation ends.
        private readonly ConcurrentQueue<AcquisitionEdge> _direct = new ConcurrentQueue<AcquisitionEdge>();
        private readonly ConcurrentQueue<(IMethodSymbol Owner, IReadOnlyList<(LockClass Class, Location Site)> Held, IMethodSymbol Callee, Location Site, int MaxChain, bool OnFresh)> _callsUnderLocks =
            new ConcurrentQueue<(IMethodSymbol, IReadOnlyList<(LockClass, Location)>, IMethodSymbol, Location, int, bool)>();
        private readonly ConcurrentQueue<(IMethodSymbol Owner, LockClass Class, Location Site, LockPath Path)> _acquires =
            new ConcurrentQueue<(IMethodSymbol, LockClass, Location, LockPath)>();
        private readonly CallGraph _callGraph;

        public AcquisitionGraph(Func<LockOrder> order, CallGraph callGraph)
        {
            _order = order;
            _callGraph = callGraph;
        }

        public LockOrder Order => _order();

        /// <summary>
        /// <paramref name="acquired"/> (spelled <paramref name="path"/> in <paramref name="owner"/>) taken at <paramref name="site"/>
        /// with <paramref name="held"/> held. Callers: leave out locks of an object nobody else sees (<see cref="FreshObjects"/>).
        /// </summary>
        public void RecordAcquire(IMethodSymbol? owner, LockClass acquired, LockPath path, Location site, IEnumerable<(LockClass Class, Location Site)> held)
        {
            if (owner is not null)
            {
                _acquires.Enqueue((owner.OriginalDefinition, acquired, site, path));
            }

            // Taking a class already held (re-entering a monitor) waits for nobody: it orders nothing.
            foreach (var (heldClass, _) in held)
            {
                if (heldClass.Equals(acquired))
                {
                    return;
                }
            }

            foreach (var (heldClass, heldSite) in held)
            {
                _direct.Enqueue(new AcquisitionEdge(heldClass, heldSite, acquired, site, owner?.OriginalDefinition, null, null));
            }
        }

        /// <summary>
        /// A call made with <paramref name="held"/> held. What the callee takes counts as taken under them when
        /// it is taken at most <paramref name="maxChain"/> calls down (<see cref="InferredCallChain"/>), except, for a call
        /// made on a fresh object (<paramref name="onFresh"/>: one nobody else sees), the locks that object owns.
        /// </summary>
        public void RecordCallUnderLocks(IMethodSymbol owner, IReadOnlyList<(LockClass Class, Location Site)> held, IMethodSymbol callee, Location site, int maxChain, bool onFresh = false) =>
            _callsUnderLocks.Enqueue((owner.OriginalDefinition, held, callee.OriginalDefinition, site, maxChain, onFresh));

        /// <summary>
        /// A lock of an object the body made and keeps to itself (<see cref="FreshObjects"/>): it orders nothing and adds no
        /// edge, but it is a lock class the compilation takes, for pictures.
        /// </summary>
        public void RecordUnorderedAcquire(LockClass acquired) => _unordered.Enqueue(acquired);

        private readonly ConcurrentQueue<LockClass> _unordered = new ConcurrentQueue<LockClass>();

        /// <summary>
        /// <paramref name="method"/>'s body asserts that its caller holds a lock of <paramref name="asserted"/>
        /// (<c>BodyScan.AssertedOnEntry</c>): beneath a call to it, that class taken again is re-entry, not an order.
        /// </summary>
        public void RecordAssertedOnEntry(IMethodSymbol method, LockClass asserted) => _assertedOnEntry.Enqueue((method.OriginalDefinition, asserted));

        private readonly ConcurrentQueue<(IMethodSymbol Method, LockClass Class)> _assertedOnEntry = new ConcurrentQueue<(IMethodSymbol, LockClass)>();

        /// <summary>Every lock class acquired in a body of the compilation, with the first site seen.</summary>
        public IEnumerable<LockClass> AcquiredClasses() => _acquires.Select(a => a.Class).Concat(_direct.SelectMany(e => new[] { e.From, e.To })).Concat(_unordered).Distinct();

        /// <summary>The edges between classes with no declared order, one per ordered pair (its first site in source order).</summary>
        public IReadOnlyDictionary<(LockClass From, LockClass To), AcquisitionEdge> UnorderedEdges()
        {
            if (_direct.IsEmpty && _callsUnderLocks.IsEmpty)
            {
                return new Dictionary<(LockClass, LockClass), AcquisitionEdge>();
            }

            // One pass, keeping for each pair the first edge in source order (the first seen among equals, as a stable
            // sort's first would be): grouping and sorting every pair's edges cost more than finding them.
            var order = _order();
            var first = new Dictionary<(LockClass From, LockClass To), AcquisitionEdge>();
            foreach (var edge in AllEdges())
            {
                if (order.IsBefore(edge.From, edge.To) || order.IsBefore(edge.To, edge.From))
                {
                    continue;
                }

                var pair = (edge.From, edge.To);
                if (!first.TryGetValue(pair, out var known) || ComesBefore(edge.ToSite, known.ToSite))
                {
                    first[pair] = edge;
                }
            }

            return first;
        }

        private static bool ComesBefore(Location a, Location b)
        {
            var byFile = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byFile < 0 || (byFile == 0 && a.SourceSpan.Start < b.SourceSpan.Start);
        }

        /// <summary>The cycles of the inferred order among classes with no declared order: each a list of edges, A→B, B→…→A.</summary>
        public IReadOnlyList<IReadOnlyList<AcquisitionEdge>> Cycles()
        {
            var edges = UnorderedEdges();
            if (edges.Count == 0)
            {
                return Array.Empty<IReadOnlyList<AcquisitionEdge>>();
            }

            var successors = edges.Keys.GroupBy(k => k.From).ToDictionary(g => g.Key, g => g.Select(k => k.To).ToList());
            return LockCycles.Find(successors, LockClassOrder.Instance)
                .Select(cycle => (IReadOnlyList<AcquisitionEdge>)cycle.Select((c, i) => edges[(c, cycle[(i + 1) % cycle.Count])]).ToList())
                .ToList();
        }

        /// <summary>Every observed edge, ordered or not, once per pair of classes and method (its first site), for pictures and for joining compilations.</summary>
        public IEnumerable<AcquisitionEdge> AllObservedEdges() => AllEdges()
            .GroupBy(e => (e.From, e.To, Owner: e.Owner?.ToDisplayString()))
            .Select(g => g.OrderBy(e => e.ToSite.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(e => e.ToSite.SourceSpan.Start).First());

        private IEnumerable<AcquisitionEdge> AllEdges() => _direct.Concat(EdgesThroughCalls());

        /// <summary>
        /// What calling <paramref name="callee"/> may acquire: the acquisitions of every method it reaches
        /// through at most <paramref name="maxChain"/> calls (the callee counts as one), each with where it is
        /// taken. Worked out only for methods called with locks held, on demand. When the callee is called on a fresh
        /// object (<paramref name="onFresh"/>), so is every method it reaches through calls on <c>this</c>, and the locks
        /// such an object owns (<c>this.Gate</c>, made where it is declared) are left out: nobody else can hold them.
        /// Beneath a method that asserts its caller holds a class (<paramref name="asserted"/>), that class is left out too.
        /// </summary>
        private static Dictionary<LockClass, (Location Site, ImmutableArray<IMethodSymbol> Chain)> Reachable(
            IMethodSymbol callee,
            bool onFresh,
            int maxChain,
            Dictionary<IMethodSymbol, List<(LockClass Class, Location Site, LockPath Path)>> acquires,
            Dictionary<IMethodSymbol, HashSet<LockClass>> asserted,
            CallGraph calls)
        {
            // Breadth first, so each lock comes with the shortest chain of calls that reaches it, and the
            // bound cuts chains by length, not by the order the calls were recorded in. A method is visited once
            // with a fresh receiver and once with any other, each beneath an assertion and not: a route through a
            // method that asserts a class must not hide the same method reached by a route that does not.
            var found = new Dictionary<LockClass, (Location, ImmutableArray<IMethodSymbol>)>();
            var callerOf = new Dictionary<(IMethodSymbol Method, string How), (IMethodSymbol Method, string How)?>(MethodVisit.Comparer) { [(callee, How(onFresh, null))] = null };
            var work = new Queue<(IMethodSymbol Method, bool Fresh, int Depth, HashSet<LockClass>? Held)>();
            work.Enqueue((callee, onFresh, 1, null));
            while (work.Count > 0)
            {
                var (method, fresh, depth, heldByAssertion) = work.Dequeue();
                var visit = (method, How(fresh, heldByAssertion)); // as its caller reached it, before its own assertions join
                if (asserted.TryGetValue(method, out var assertedHere))
                {
                    heldByAssertion = heldByAssertion is null ? assertedHere : new HashSet<LockClass>(heldByAssertion.Concat(assertedHere));
                }

                if (acquires.TryGetValue(method, out var own))
                {
                    foreach (var (lockClass, site, path) in own)
                    {
                        if (!found.ContainsKey(lockClass) && !(fresh && OwnedByThis(path)) && heldByAssertion?.Contains(lockClass) != true)
                        {
                            found[lockClass] = (site, ChainTo(visit, callerOf));
                        }
                    }
                }

                if (depth >= maxChain)
                {
                    continue; // its callees are beyond the bound: not even scanned
                }

                foreach (var call in calls.CallsOf(method))
                {
                    var nextFresh = call.Receiver == CallReceiver.Fresh || (fresh && call.Receiver == CallReceiver.This);
                    var next = (call.Callee, How(nextFresh, heldByAssertion));
                    if (!callerOf.ContainsKey(next))
                    {
                        callerOf[next] = visit;
                        work.Enqueue((call.Callee, nextFresh, depth + 1, heldByAssertion));
                    }
                }
            }

            return found;
        }

        /// <summary>A lock of the receiver's own: <c>this</c>, or a member of it made where it is declared (<see cref="FreshObjects.IsOwnLock"/>).</summary>
        private static bool OwnedByThis(LockPath path) =>
            path.RootKind == LockRootKind.This && (path.Members.IsEmpty || (path.Members.Length == 1 && FreshObjects.IsOwnLock(path.Members[0])));

        /// <summary>
        /// How a method is reached, as a key of the closure's visits: on a fresh receiver or not, and beneath which asserted
        /// classes (spelled in full and sorted; nearly always none).
        /// </summary>
        private static string How(bool fresh, HashSet<LockClass>? heldByAssertion) =>
            (fresh ? "fresh" : "any") + (heldByAssertion is null ? "" : "|" + string.Join("|", heldByAssertion.Select(c => c.Symbol.ToDisplayString()).OrderBy(n => n, StringComparer.Ordinal)));

        private static ImmutableArray<IMethodSymbol> ChainTo((IMethodSymbol Method, string How) method, Dictionary<(IMethodSymbol Method, string How), (IMethodSymbol Method, string How)?> callerOf)
        {
            var chain = new List<IMethodSymbol>();
            for ((IMethodSymbol Method, string How)? current = method; current is { } step; current = callerOf[step])
            {
                chain.Add(step.Method);
            }

            chain.Reverse();
            return chain.ToImmutableArray();
        }

        private IEnumerable<AcquisitionEdge> EdgesThroughCalls()
        {
            if (_callsUnderLocks.IsEmpty)
            {
                yield break;
            }

            var acquires = new Dictionary<IMethodSymbol, List<(LockClass, Location, LockPath)>>(SymbolEqualityComparer.Default);
            foreach (var (owner, lockClass, site, path) in _acquires)
            {
                if (!acquires.TryGetValue(owner, out var list))
                {
                    acquires[owner] = list = new List<(LockClass, Location, LockPath)>();
                }

                list.Add((lockClass, site, path));
            }

            var asserted = new Dictionary<IMethodSymbol, HashSet<LockClass>>(SymbolEqualityComparer.Default);
            foreach (var (method, lockClass) in _assertedOnEntry)
            {
                if (!asserted.TryGetValue(method, out var classes))
                {
                    asserted[method] = classes = new HashSet<LockClass>();
                }

                classes.Add(lockClass);
            }

            var memo = new Dictionary<(IMethodSymbol, bool, int), Dictionary<LockClass, (Location Site, ImmutableArray<IMethodSymbol> Chain)>>(CalleeAndBound.Comparer);
            foreach (var (owner, held, callee, site, maxChain, onFresh) in _callsUnderLocks)
            {
                if (!memo.TryGetValue((callee, onFresh, maxChain), out var acquired))
                {
                    memo[(callee, onFresh, maxChain)] = acquired = Reachable(callee, onFresh, maxChain, acquires, asserted, _callGraph);
                }

                foreach (var entry in acquired)
                {
                    if (held.Any(h => h.Class.Equals(entry.Key)))
                    {
                        continue; // re-entered beneath the call: orders nothing
                    }

                    foreach (var (heldClass, heldSite) in held)
                    {
                        yield return new AcquisitionEdge(heldClass, heldSite, entry.Key, site, owner, callee, entry.Value.Site) { Chain = entry.Value.Chain };
                    }
                }
            }
        }

        private sealed class CalleeAndBound : IEqualityComparer<(IMethodSymbol Callee, bool OnFresh, int MaxChain)>
        {
            public static readonly CalleeAndBound Comparer = new CalleeAndBound();

            public bool Equals((IMethodSymbol Callee, bool OnFresh, int MaxChain) x, (IMethodSymbol Callee, bool OnFresh, int MaxChain) y) =>
                x.MaxChain == y.MaxChain && x.OnFresh == y.OnFresh && SymbolEqualityComparer.Default.Equals(x.Callee, y.Callee);

            public int GetHashCode((IMethodSymbol Callee, bool OnFresh, int MaxChain) key) =>
                (((SymbolEqualityComparer.Default.GetHashCode(key.Callee) * 31) + key.MaxChain) * 2) + (key.OnFresh ? 1 : 0);
        }

        private sealed class MethodVisit : IEqualityComparer<(IMethodSymbol Method, string How)>
        {
            public static readonly MethodVisit Comparer = new MethodVisit();

            public bool Equals((IMethodSymbol Method, string How) x, (IMethodSymbol Method, string How) y) =>
                string.Equals(x.How, y.How, StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

            public int GetHashCode((IMethodSymbol Method, string How) key) =>
                (SymbolEqualityComparer.Default.GetHashCode(key.Method) * 31) + StringComparer.Ordinal.GetHashCode(key.How);
        }

        /// <summary>Orders lock classes by name, so cycles start at the same class every run.</summary>
        private sealed class LockClassOrder : IComparer<LockClass>
        {
            public static readonly LockClassOrder Instance = new LockClassOrder();

            public int Compare(LockClass? x, LockClass? y) => string.CompareOrdinal(x?.ToString(), y?.ToString());
        }
    }
}

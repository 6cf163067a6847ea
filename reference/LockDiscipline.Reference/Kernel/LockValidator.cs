using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using LockDiscipline.Graphs;

namespace LockDiscipline.Reference.Kernel
{
    /// <summary>
    /// The run-time half of LockDiscipline, after the kernel's lockdep and <c>might_sleep()</c>: per
    /// thread, the locks held and where they were taken; every blocking acquire checked against the
    /// declared order and recorded in an observed-order graph whose cycles are reported with both
    /// acquisition sites (try-locks add no edge: they cannot deadlock); sleeping with a spin lock held
    /// reported. Violations throw <see cref="LockValidationException"/> and are kept in
    /// <see cref="Violations"/>.
    /// </summary>
    /// <remarks>
    /// The cost model is lockdep's: each held entry carries the chain key of the classes held up to and
    /// including it (a hash updated incrementally, as <c>iterate_chain_key</c> does), and a blocking
    /// acquire whose chain (held classes + the new class) has been validated before skips the order
    /// checks and the graph (<c>lookup_chain_cache</c>). The validated chains are an insert-only
    /// open-addressing table read without a lock. A chain hit says the classes are in a good order, not
    /// that this instance is not held already: the AA check on instances runs on every blocking acquire.
    /// The held stack is an array per thread: the common path allocates nothing. As in lockdep, two chains
    /// whose 64-bit keys collide would share a validation; with keys from a 64-bit mixer that is a chance
    /// of about n²/2⁶⁵ for n chains.
    /// </remarks>
    public static class LockValidator
    {
        private const ulong ChainSeed = 0x6C6F636B64657021UL;
        private const int InitialChainSlots = 1024;
        private const int MaxSitesPerEdge = 16;

        [ThreadStatic]
        private static HeldLocks? _thread;

        // lockdep's graph_lock: a raw spin lock, since the validator runs inside spin-lock operations
        // and must not sleep there itself (the analyzers check that too).
        private static SpinLock _graphGate = new SpinLock(enableThreadOwnerTracking: false);
        private static readonly Dictionary<LockClassKey, Dictionary<LockClassKey, ObservedEdge>> Observed =
            new Dictionary<LockClassKey, Dictionary<LockClassKey, ObservedEdge>>();
        private static readonly Dictionary<LockClassKey, bool> SeenClasses = new Dictionary<LockClassKey, bool>();
        private static readonly List<string> ViolationLog = new List<string>();

        // The validated chain keys: written under _graphGate, read without it. 0 marks an empty slot
        // (chain keys are never 0). A reader that misses a key being written just validates again.
        private static ulong[] _chains = new ulong[InitialChainSlots];
        private static int _chainCount;

        // Bumped by Reset, so that a class is noted as seen again in the new generation.
        private static volatile int _generation = 1;

        /// <summary>Every violation reported since the last <see cref="Reset"/>, in order.</summary>
        public static IReadOnlyList<string> Violations
        {
            get
            {
                var taken = false;
                try
                {
                    _graphGate.Enter(ref taken);
                    return ViolationLog.ToArray();
                }
                finally
                {
                    if (taken)
                    {
                        _graphGate.Exit();
                    }
                }
            }
        }

        /// <summary>The locks the calling thread holds, outermost first.</summary>
        public static IReadOnlyList<string> HeldByCurrentThread
        {
            get
            {
                var state = State;
                var names = new string[state.Count];
                for (var i = 0; i < names.Length; i++)
                {
                    names[i] = state.Held[i].Key.Name;
                }

                return names;
            }
        }

        /// <summary>How many distinct chains of held classes have been validated since the last <see cref="Reset"/>.</summary>
        public static int ValidatedChainCount => Volatile.Read(ref _chainCount);

        /// <summary>
        /// The picture of what the validator has seen since the last <see cref="Reset"/>: every lock class taken
        /// (spin or blocking), every observed "taken while holding" edge with its (held at → taken at) sites, and
        /// the declared order among those classes (direct, or through classes not seen). Sites are those of the acquisitions that first
        /// showed each chain of classes: a cached chain adds none (that is the point of the cache).
        /// </summary>
        public static LockGraph ObservedGraph()
        {
            var classes = new List<KeyValuePair<LockClassKey, bool>>();
            var edges = new List<(LockClassKey From, LockClassKey To, (CallSite HeldSite, CallSite AcquiredSite)[] Sites)>();
            var taken = false;
            try
            {
                _graphGate.Enter(ref taken);
                classes.AddRange(SeenClasses);
                foreach (var from in Observed)
                {
                    foreach (var to in from.Value)
                    {
                        edges.Add((from.Key, to.Key, to.Value.Sites.ToArray()));
                    }
                }
            }
            finally
            {
                if (taken)
                {
                    _graphGate.Exit();
                }
            }

            var graph = new LockGraph();
            var known = new HashSet<LockClassKey>();
            foreach (var seen in classes)
            {
                graph.AddNode(seen.Key.Name, seen.Value ? LockNodeKind.Spin : LockNodeKind.Blocking);
                known.Add(seen.Key);
            }

            foreach (var edge in edges)
            {
                var sites = new List<string>(edge.Sites.Length);
                foreach (var pair in edge.Sites)
                {
                    sites.Add(pair.HeldSite + " \u2192 " + pair.AcquiredSite);
                }

                graph.AddEdge(edge.From.Name, edge.To.Name, LockEdgeKind.Observed, sites);
                known.Add(edge.From);
                known.Add(edge.To);
            }

            // The declared order among the classes seen: from each, the first seen class on every declared path,
            // so that A before B before C with B never taken still draws A → C.
            foreach (var key in known)
            {
                var visited = new HashSet<LockClassKey> { key };
                var frontier = new Stack<LockClassKey>(key.DeclaredDirectlyLater());
                while (frontier.Count > 0)
                {
                    var later = frontier.Pop();
                    if (!visited.Add(later))
                    {
                        continue;
                    }

                    if (known.Contains(later))
                    {
                        graph.AddEdge(key.Name, later.Name, LockEdgeKind.Declared);
                        continue;
                    }

                    foreach (var next in later.DeclaredDirectlyLater())
                    {
                        frontier.Push(next);
                    }
                }
            }

            return graph;
        }

        private static HeldLocks State
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => _thread ?? NewHeldLocks();
        }

        /// <summary>The calling thread's held locks: a lock operation reads it once and hands it to
        /// <see cref="BeforeAcquire"/> and <see cref="Acquired(HeldLocks, object, LockClassKey, bool, CallSite, ulong)"/>.</summary>
        internal static HeldLocks Current
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => _thread ?? NewHeldLocks();
        }

        /// <summary>Forgets the observed order, the validated chains, the classes seen, the violations and the
        /// calling thread's held locks (between tests).</summary>
        public static void Reset()
        {
            State.Clear();
            var taken = false;
            try
            {
                _graphGate.Enter(ref taken);
                Observed.Clear();
                SeenClasses.Clear();
                ViolationLog.Clear();
                Volatile.Write(ref _chains, new ulong[InitialChainSlots]);
                Volatile.Write(ref _chainCount, 0);
                _generation++;
            }
            finally
            {
                if (taken)
                {
                    _graphGate.Exit();
                }
            }
        }

        /// <summary>Before a blocking acquire: AA on instances, then, unless this chain of classes was validated
        /// before, the declared order and the observed order. Returns the chain key the new entry will carry,
        /// for <see cref="Acquired(HeldLocks, object, LockClassKey, bool, CallSite, ulong)"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static ulong BeforeAcquire(HeldLocks state, object instance, LockClassKey key, CallSite site)
        {
            var count = state.Count;
            if (count == 0)
            {
                return key.RootChainKey;
            }

            var held = state.Held;
            for (var i = 0; i < count; i++)
            {
                if (ReferenceEquals(held[i].Instance, instance))
                {
                    FailAA(key, site, held[i].Site);
                }
            }

            var chain = NextChainKey(held[count - 1].ChainKey, key.Hash);
            if (!ChainValidated(chain))
            {
                ValidateChain(state, key, site, chain);
            }

            return chain;
        }

        /// <summary>After a try-acquire: the entry is pushed with no check (a try-lock cannot deadlock).</summary>
        internal static void Acquired(object instance, LockClassKey key, bool spin, CallSite site)
        {
            var state = State;
            var count = state.Count;
            var chain = count == 0 ? key.RootChainKey : NextChainKey(state.Held[count - 1].ChainKey, key.Hash);
            Acquired(state, instance, key, spin, site, chain);
        }

        /// <summary>After a blocking acquire: pushes the entry with the chain key <see cref="BeforeAcquire"/> returned.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Acquired(HeldLocks state, object instance, LockClassKey key, bool spin, CallSite site, ulong chain)
        {
            if (key.SeenGeneration != _generation)
            {
                NoteClass(key, spin);
            }

            var count = state.Count;
            var held = state.Held;
            if ((uint)count >= (uint)held.Length)
            {
                held = state.Grow();
            }

            held[count] = new HeldEntry(instance, key, spin, site, chain);
            state.Count = count + 1;
            if (spin)
            {
                state.SpinCount++;
            }
        }

        /// <summary>A release: the innermost lock's is a pop. The slot is not cleared (lockdep's held_locks is not
        /// either): it holds the lock instance until the next push overwrites it, which costs nothing but keeps a
        /// released lock object reachable from its thread for that long.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Released(object instance, LockClassKey key, CallSite site)
        {
            var state = State;
            var top = state.Count - 1;
            if (top >= 0 && ReferenceEquals(state.Held[top].Instance, instance))
            {
                if (state.Held[top].Spin)
                {
                    state.SpinCount--;
                }

                state.Count = top;
                return;
            }

            ReleaseOutOfOrder(state, instance, key, site);
        }

        /// <summary><c>might_sleep()</c>: sleeping with a spin lock held is a bug.</summary>
        public static void MightSleep(CallSite site)
        {
            var state = State;
            if (state.SpinCount == 0)
            {
                return;
            }

            for (var i = state.Count - 1; i >= 0; i--)
            {
                if (state.Held[i].Spin)
                {
                    Fail($"sleeping function called from invalid context at {site}: spin lock {state.Held[i].Key} held (taken at {state.Held[i].Site})");
                }
            }
        }

        /// <summary>A class's chain-key input: its id through a 64-bit mixer, never 0.</summary>
        internal static ulong ClassHash(int id) => Mix64((ulong)id * 0x9E3779B97F4A7C15UL + 0x243F6A8885A308D3UL) | 1UL;

        /// <summary>The chain key of a chain of one class, the first lock a thread takes.</summary>
        internal static ulong RootChainKey(ulong classHash) => NextChainKey(ChainSeed, classHash);

        /// <summary>The chain key after <paramref name="classHash"/> is pushed on a chain keyed <paramref name="chain"/>:
        /// order-sensitive (the mixer is not linear), never 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong NextChainKey(ulong chain, ulong classHash)
        {
            var key = Mix64(((chain << 7) | (chain >> 57)) ^ classHash);
            return key == 0 ? 1 : key;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Mix64(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool ChainValidated(ulong chain)
        {
            var table = Volatile.Read(ref _chains);
            var mask = table.Length - 1;
            var slot = (int)(chain >> 32) & mask;
            while (true)
            {
                var value = Volatile.Read(ref table[slot]);
                if (value == chain)
                {
                    return true;
                }

                if (value == 0)
                {
                    return false;
                }

                slot = (slot + 1) & mask;
            }
        }

        /// <summary>Under the gate: records <paramref name="chain"/> as validated, growing the table at half full.</summary>
        private static void AddValidatedChain(ulong chain)
        {
            var table = _chains;
            if ((_chainCount + 1) * 2 > table.Length)
            {
                var bigger = new ulong[table.Length * 2];
                foreach (var old in table)
                {
                    if (old != 0)
                    {
                        Insert(bigger, old);
                    }
                }

                Volatile.Write(ref _chains, bigger);
                table = bigger;
            }

            if (Insert(table, chain))
            {
                Volatile.Write(ref _chainCount, _chainCount + 1);
            }
        }

        private static bool Insert(ulong[] table, ulong chain)
        {
            var mask = table.Length - 1;
            var slot = (int)(chain >> 32) & mask;
            while (table[slot] != 0)
            {
                if (table[slot] == chain)
                {
                    return false;
                }

                slot = (slot + 1) & mask;
            }

            Volatile.Write(ref table[slot], chain);
            return true;
        }

        /// <summary>A chain not seen before: the declared order against every held class, then the observed order
        /// (new edges, and the cycle a new edge would close); the chain is cached only if all of it passes.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ValidateChain(HeldLocks state, LockClassKey key, CallSite site, ulong chain)
        {
            var held = state.Held;
            var count = state.Count;
            for (var i = 0; i < count; i++)
            {
                if (held[i].Key != key && key.IsDeclaredBefore(held[i].Key))
                {
                    Fail($"lock order: {key} taken at {site} while holding {held[i].Key} (taken at {held[i].Site}); the declared order takes {key} first");
                }
            }

            string? cycle = null;
            var taken = false;
            try
            {
                _graphGate.Enter(ref taken);
                for (var i = 0; i < count; i++)
                {
                    var entry = held[i];
                    if (entry.Key == key)
                    {
                        continue;
                    }

                    if (!Observed.TryGetValue(entry.Key, out var edges))
                    {
                        Observed[entry.Key] = edges = new Dictionary<LockClassKey, ObservedEdge>();
                    }

                    if (edges.TryGetValue(key, out var known))
                    {
                        known.AddSites(entry.Site, site);
                        continue;
                    }

                    // A new edge: it closes a cycle if the observed order already leads back.
                    if (PathInObserved(key, entry.Key) is { } back)
                    {
                        var first = back.Edge.Sites[0];
                        cycle = $"possible ABBA deadlock: {entry.Key} (taken at {entry.Site}) then {key} (at {site}) here, but earlier {back.From} then {back.To} ({first.HeldSite} then {first.AcquiredSite})";
                        break;
                    }

                    var edge = new ObservedEdge();
                    edge.AddSites(entry.Site, site);
                    edges[key] = edge;
                }

                if (cycle is null)
                {
                    AddValidatedChain(chain);
                }
            }
            finally
            {
                if (taken)
                {
                    _graphGate.Exit();
                }
            }

            if (cycle is not null)
            {
                Fail(cycle);
            }
        }

        /// <summary>A release that is not of the innermost lock: take the entry out of the middle and re-key the
        /// entries above it (lockdep re-acquires them; here they need no new check, since every pair of them
        /// was checked when the later one was taken).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ReleaseOutOfOrder(HeldLocks state, object instance, LockClassKey key, CallSite site)
        {
            var held = state.Held;
            for (var i = state.Count - 1; i >= 0; i--)
            {
                if (!ReferenceEquals(held[i].Instance, instance))
                {
                    continue;
                }

                if (held[i].Spin)
                {
                    state.SpinCount--;
                }

                Array.Copy(held, i + 1, held, i, state.Count - i - 1);
                state.Count--;
                held[state.Count] = default;
                for (var j = i; j < state.Count; j++)
                {
                    var chain = j == 0 ? held[j].Key.RootChainKey : NextChainKey(held[j - 1].ChainKey, held[j].Key.Hash);
                    held[j] = held[j] with { ChainKey = chain };
                }

                return;
            }

            Fail($"release of {key} at {site}, which this thread does not hold");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void NoteClass(LockClassKey key, bool spin)
        {
            var taken = false;
            try
            {
                _graphGate.Enter(ref taken);
                SeenClasses.TryAdd(key, spin);
                key.SeenGeneration = _generation;
            }
            finally
            {
                if (taken)
                {
                    _graphGate.Exit();
                }
            }
        }

        private static (LockClassKey From, LockClassKey To, ObservedEdge Edge)? PathInObserved(LockClassKey from, LockClassKey to)
        {
            var seen = new HashSet<LockClassKey>();
            var stack = new Stack<LockClassKey>();
            stack.Push(from);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!Observed.TryGetValue(node, out var edges))
                {
                    continue;
                }

                foreach (var edge in edges)
                {
                    if (edge.Key == to)
                    {
                        return (node, edge.Key, edge.Value);
                    }

                    if (seen.Add(edge.Key))
                    {
                        stack.Push(edge.Key);
                    }
                }
            }

            return null;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void FailAA(LockClassKey key, CallSite site, CallSite heldSite) =>
            Fail($"AA deadlock: {key} taken at {site} is already held, taken at {heldSite}");

        private static void Fail(string message)
        {
            var taken = false;
            try
            {
                _graphGate.Enter(ref taken);
                ViolationLog.Add(message);
            }
            finally
            {
                if (taken)
                {
                    _graphGate.Exit();
                }
            }

            throw new LockValidationException(message);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static HeldLocks NewHeldLocks() => _thread = new HeldLocks();

        /// <summary>One held lock: the instance (for AA), its class, where it was taken, and the chain key of the
        /// classes held up to and including it.</summary>
        internal readonly record struct HeldEntry(object Instance, LockClassKey Key, bool Spin, CallSite Site, ulong ChainKey);

        /// <summary>An observed edge's distinct (held at, acquired at) site pairs, the first one first; only the
        /// validation of a new chain adds to it, so it shows where each new chain was first taken.</summary>
        private sealed class ObservedEdge
        {
            public List<(CallSite HeldSite, CallSite AcquiredSite)> Sites { get; } = new List<(CallSite, CallSite)>(1);

            public void AddSites(CallSite heldSite, CallSite acquiredSite)
            {
                if (Sites.Count < MaxSitesPerEdge && !Sites.Contains((heldSite, acquiredSite)))
                {
                    Sites.Add((heldSite, acquiredSite));
                }
            }
        }

        /// <summary>A thread's held locks, innermost last: an array, grown by doubling, never shrunk.</summary>
        internal sealed class HeldLocks
        {
            public HeldEntry[] Held = new HeldEntry[8];
            public int Count;
            public int SpinCount;

            [MethodImpl(MethodImplOptions.NoInlining)]
            public HeldEntry[] Grow()
            {
                Array.Resize(ref Held, Held.Length * 2);
                return Held;
            }

            public void Clear()
            {
                Array.Clear(Held, 0, Held.Length);
                Count = 0;
                SpinCount = 0;
            }
        }
    }
}

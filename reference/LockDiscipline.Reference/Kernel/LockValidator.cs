using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

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
    public static class LockValidator
    {
        [ThreadStatic]
        private static List<HeldEntry>? _held;

        // lockdep's graph_lock: a raw spin lock, since the validator runs inside spin-lock operations
        // and must not sleep there itself (the analyzers check that too).
        private static SpinLock _graphGate = new SpinLock(enableThreadOwnerTracking: false);
        private static readonly Dictionary<LockClassKey, Dictionary<LockClassKey, (CallSite HeldSite, CallSite AcquiredSite)>> Observed =
            new Dictionary<LockClassKey, Dictionary<LockClassKey, (CallSite, CallSite)>>();
        private static readonly List<string> ViolationLog = new List<string>();

        /// <summary>Every violation reported since the last <see cref="Reset"/>, in order.</summary>
        public static IReadOnlyList<string> Violations
        {
            get
            {
                var taken = false;
                try
                {
                    _graphGate.Enter(ref taken);
                    return ViolationLog.ToList();
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
        public static IReadOnlyList<string> HeldByCurrentThread => Held.Select(h => h.Key.Name).ToList();

        private static List<HeldEntry> Held => _held ??= new List<HeldEntry>();

        /// <summary>Forgets the observed order, the violations and the calling thread's held locks (between tests).</summary>
        public static void Reset()
        {
            Held.Clear();
            var taken = false;
            try
            {
                _graphGate.Enter(ref taken);
                Observed.Clear();
                ViolationLog.Clear();
            }
            finally
            {
                if (taken)
                {
                    _graphGate.Exit();
                }
            }
        }

        /// <summary>Before a blocking acquire: AA, the declared order, and the observed order.</summary>
        internal static void BeforeAcquire(object instance, LockClassKey key, CallSite site)
        {
            var held = Held;
            if (held.Count == 0)
            {
                return;
            }

            foreach (var entry in held)
            {
                if (ReferenceEquals(entry.Instance, instance))
                {
                    Fail($"AA deadlock: {key} taken at {site} is already held, taken at {entry.Site}");
                }

                if (entry.Key != key && key.IsDeclaredBefore(entry.Key))
                {
                    Fail($"lock order: {key} taken at {site} while holding {entry.Key} (taken at {entry.Site}); the declared order takes {key} first");
                }
            }

            string? cycle = null;
            var taken = false;
            try
            {
                _graphGate.Enter(ref taken);
                foreach (var entry in held)
                {
                    if (entry.Key == key)
                    {
                        continue;
                    }

                    if (!Observed.TryGetValue(entry.Key, out var edges))
                    {
                        Observed[entry.Key] = edges = new Dictionary<LockClassKey, (CallSite, CallSite)>();
                    }

                    if (edges.ContainsKey(key))
                    {
                        continue;
                    }

                    // A new edge: it closes a cycle if the observed order already leads back.
                    if (PathInObserved(key, entry.Key) is { } back)
                    {
                        cycle = $"possible ABBA deadlock: {entry.Key} (taken at {entry.Site}) then {key} (at {site}) here, but earlier {back.From} then {back.To} ({back.Sites.HeldSite} then {back.Sites.AcquiredSite})";
                        break;
                    }

                    edges[key] = (entry.Site, site);
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

        internal static void Acquired(object instance, LockClassKey key, bool spin, CallSite site) =>
            Held.Add(new HeldEntry(instance, key, spin, site));

        internal static void Released(object instance, LockClassKey key, CallSite site)
        {
            var held = Held;
            for (var i = held.Count - 1; i >= 0; i--)
            {
                if (ReferenceEquals(held[i].Instance, instance))
                {
                    held.RemoveAt(i);
                    return;
                }
            }

            Fail($"release of {key} at {site}, which this thread does not hold");
        }

        /// <summary><c>might_sleep()</c>: sleeping with a spin lock held is a bug.</summary>
        public static void MightSleep(CallSite site)
        {
            var held = Held;
            for (var i = held.Count - 1; i >= 0; i--)
            {
                if (held[i].Spin)
                {
                    Fail($"sleeping function called from invalid context at {site}: spin lock {held[i].Key} held (taken at {held[i].Site})");
                }
            }
        }

        private static (LockClassKey From, LockClassKey To, (CallSite HeldSite, CallSite AcquiredSite) Sites)? PathInObserved(LockClassKey from, LockClassKey to)
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

        private readonly record struct HeldEntry(object Instance, LockClassKey Key, bool Spin, CallSite Site);
    }
}

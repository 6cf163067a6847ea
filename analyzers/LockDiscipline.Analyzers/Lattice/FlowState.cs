using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>
    /// The lattice element at a program point: a bounded disjunction of <see cref="PathState"/>s, one per
    /// distinct lockset (ESP, Das–Lerner–Seigle, PLDI 2002: path-sensitive in the property, merged in
    /// the data). When the disjunction would exceed <see cref="MaxPaths"/>, it is widened to one state
    /// in which locks held on only some paths are marked maybe-held, so every method's analysis stays
    /// bounded. The empty disjunction is "unreachable".
    /// </summary>
    internal sealed class FlowState
    {
        public const int MaxPaths = 12;

        public static readonly FlowState Unreachable = new FlowState(ImmutableArray<PathState>.Empty);

        private FlowState(ImmutableArray<PathState> paths)
        {
            Paths = paths;
        }

        public ImmutableArray<PathState> Paths { get; }

        public bool IsUnreachable => Paths.IsEmpty;

        public static FlowState Of(IEnumerable<PathState> paths) => Of(paths, null);

        /// <summary>
        /// The disjunction of <paramref name="paths"/>, bounded. Distinct path states are kept apart up to
        /// <see cref="MaxPaths"/> (so after <c>if (c &amp;&amp; d) Lock();</c> a second <c>if (c &amp;&amp; d)</c> is exact);
        /// beyond that, paths with one lockset are merged (ESP), and beyond that the rest is widened.
        /// Paths whose locksets differ but that no tracked value tells apart are uncorrelated:
        /// <paramref name="onUncorrelated"/> hears of each such lock (LD0007), which is then marked so
        /// that it raises nothing more: uncorrelated where held, maybe where not.
        /// </summary>
        public static FlowState Of(IEnumerable<PathState> paths, System.Action<HeldLock>? onUncorrelated, bool markUncorrelated = true)
        {
            if (paths is IReadOnlyList<PathState> { Count: 1 } single)
            {
                return new FlowState(ImmutableArray.Create(single[0]));
            }

            if (paths is IReadOnlyList<PathState> { Count: 0 })
            {
                return Unreachable;
            }

            var distinct = Distinct(paths);
            if (distinct.Count > MaxPaths)
            {
                distinct = MergeWithinLocksets(distinct);
            }

            if (markUncorrelated && MarkUncorrelated(distinct, onUncorrelated))
            {
                distinct = Distinct(distinct);
            }

            if (distinct.Count > MaxPaths)
            {
                return new FlowState(ImmutableArray.Create(Widen(distinct)));
            }

            distinct.Sort((a, b) => string.CompareOrdinal(a.LocksetKey, b.LocksetKey));
            return new FlowState(distinct.ToImmutableArray());
        }

        private static List<PathState> Distinct(IEnumerable<PathState> paths)
        {
            var result = new List<PathState>();
            foreach (var path in paths)
            {
                var index = -1;
                for (var i = 0; i < result.Count && index < 0; i++)
                {
                    if (result[i].LocksetKey == path.LocksetKey && result[i].SameFacts(path))
                    {
                        index = i;
                    }
                }

                if (index < 0)
                {
                    result.Add(path);
                }
                else
                {
                    result[index] = Merge(result[index], path); // same facts: keeps the earlier acquisition site
                }
            }

            return result;
        }

        /// <summary>
        /// The same disjunction with paths of one lockset merged (values joined), except where the merge
        /// would make them indistinguishable from a path with another lockset that each was told apart
        /// from: after <c>if (c &amp;&amp; d) Lock();</c> the two unlocked paths stay apart.
        /// </summary>
        public FlowState Compacted()
        {
            if (Paths.Length <= 1)
            {
                return this;
            }

            var result = new List<PathState>(Paths.Length);
            foreach (var path in Paths)
            {
                var merged = false;
                for (var i = 0; i < result.Count && !merged; i++)
                {
                    if (result[i].LocksetKey != path.LocksetKey)
                    {
                        continue;
                    }

                    var candidate = Merge(result[i], path);
                    if (KeepsApart(candidate, result[i], path, Paths))
                    {
                        result[i] = candidate;
                        merged = true;
                    }
                }

                if (!merged)
                {
                    result.Add(path);
                }
            }

            return result.Count == Paths.Length ? this : new FlowState(result.ToImmutableArray());
        }

        private static bool KeepsApart(PathState candidate, PathState a, PathState b, ImmutableArray<PathState> all)
        {
            foreach (var other in all)
            {
                if (other.LocksetKey != a.LocksetKey && !candidate.Distinguishable(other)
                    && a.Distinguishable(other) && b.Distinguishable(other))
                {
                    return false;
                }
            }

            return true;
        }

        private static List<PathState> MergeWithinLocksets(IReadOnlyList<PathState> paths)
        {
            // Few paths, so a linear scan rather than a hash table.
            var result = new List<PathState>(paths.Count);
            foreach (var path in paths)
            {
                var index = result.FindIndex(known => known.LocksetKey == path.LocksetKey);
                if (index < 0)
                {
                    result.Add(path);
                }
                else
                {
                    result[index] = Merge(result[index], path);
                }
            }

            return result;
        }

        private static bool AnyUncorrelated(List<PathState> paths)
        {
            foreach (var path in paths)
            {
                foreach (var held in path.Locks)
                {
                    if (held.Uncorrelated)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool MarkUncorrelated(List<PathState> paths, System.Action<HeldLock>? onUncorrelated)
        {
            // The common join: every path holds the same locks, so nothing can be uncorrelated.
            var oneLockset = true;
            for (var i = 1; i < paths.Count && oneLockset; i++)
            {
                oneLockset = paths[i].LocksetKey == paths[0].LocksetKey;
            }

            if (oneLockset)
            {
                return false;
            }

            var any = false;
            for (var changed = true; changed;)
            {
                changed = false;
                for (var i = 0; i < paths.Count; i++)
                {
                    for (var j = 0; j < paths.Count; j++)
                    {
                        if (i == j || paths[i].LocksetKey == paths[j].LocksetKey || paths[i].Distinguishable(paths[j]))
                        {
                            continue;
                        }

                        foreach (var held in paths[i].Locks)
                        {
                            if (held.IsMaybe || paths[j].Find(held.Path) is not null)
                            {
                                continue;
                            }

                            if (!held.Uncorrelated)
                            {
                                onUncorrelated?.Invoke(held);
                                paths[i] = paths[i].WithLock(held.AsUncorrelated());
                            }

                            paths[j] = paths[j].WithLock(held.AsMaybe());
                            changed = any = true;
                        }
                    }
                }
            }

            if (any || AnyUncorrelated(paths))
            {
                // A lock uncorrelated on one path is uncorrelated here: every path that holds it says so.
                for (var i = 0; i < paths.Count; i++)
                {
                    foreach (var held in paths[i].Locks)
                    {
                        if (!held.IsMaybe && !held.Uncorrelated && paths.Any(p => p.Find(held.Path) is { Uncorrelated: true }))
                        {
                            paths[i] = paths[i].WithLock(held.AsUncorrelated());
                            any = true;
                        }
                    }
                }
            }

            return any;
        }

        /// <summary>The join; <paramref name="markUncorrelated"/> is false where paths meet only to end (the exit block: what is held there is LD0004's).</summary>
        public FlowState Join(FlowState other, System.Action<HeldLock>? onUncorrelated = null, bool markUncorrelated = true)
        {
            if (IsUnreachable)
            {
                return other;
            }

            if (other.IsUnreachable || Subsumes(other))
            {
                return this;
            }

            return Of(Paths.Concat(other.Paths).ToList(), onUncorrelated, markUncorrelated);
        }

        /// <summary>True when every path of <paramref name="other"/> is already here, so joining changes nothing (the common case at a loop head).</summary>
        private bool Subsumes(FlowState other)
        {
            foreach (var path in other.Paths)
            {
                var found = false;
                foreach (var mine in Paths)
                {
                    if (mine.SameFacts(path))
                    {
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    return false;
                }
            }

            return true;
        }

        public bool SameFacts(FlowState other)
        {
            if (Paths.Length != other.Paths.Length)
            {
                return false;
            }

            // Paths with one lockset may appear in either order: compare as sets.
            for (var i = 0; i < Paths.Length; i++)
            {
                if (!Paths[i].SameFacts(other.Paths[i]) && !other.Paths.Any(p => p.SameFacts(Paths[i])))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Two path states with the same lockset: the lock provenance of the earlier acquisition, and the values joined.</summary>
        private static PathState Merge(PathState a, PathState b)
        {
            if (a.SameFacts(b))
            {
                return a;
            }

            var locks = a.Locks.Select((l, i) => EarlierSite(l, b.Locks[i])).ToImmutableArray();
            return new PathState(locks, JoinValues(a, b));
        }

        private static PathState Widen(List<PathState> paths)
        {
            var all = paths.SelectMany(p => p.Locks).GroupBy(l => l.Path.ToString() + (l.Shared ? "#s" : ""));
            var locks = all.Select(g =>
            {
                var first = g.Aggregate(EarlierSite);
                return g.Count() == paths.Count && g.All(l => !l.IsMaybe) ? first : first.AsMaybe();
            }).ToImmutableArray();
            var values = paths.Skip(1).Aggregate(paths[0], (acc, p) => new PathState(acc.Locks, JoinValues(acc, p))).Values;
            return new PathState(PathState.Sorted(locks), values);
        }

        private static HeldLock EarlierSite(HeldLock a, HeldLock b) =>
            b.AcquiredAt.SourceSpan.Start < a.AcquiredAt.SourceSpan.Start ? b : a;

        private static ValueMap JoinValues(PathState a, PathState b) => ValueMap.Join(a, b);
    }
}

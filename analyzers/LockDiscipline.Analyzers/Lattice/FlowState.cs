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
    internal sealed partial class FlowState : System.IEquatable<FlowState>
    {
        public const int MaxPaths = 12;

        public static readonly FlowState Unreachable = new FlowState(ImmutableArray<PathState>.Empty);

        private FlowState(ImmutableArray<PathState> paths)
        {
            Paths = paths;
        }

        public ImmutableArray<PathState> Paths { get; }

        public bool IsUnreachable => Paths.IsEmpty;

        /// <summary>One path: what <see cref="Of(IEnumerable{PathState})"/> makes of a list of one, without the list.</summary>
        public static FlowState Of(PathState path) => new FlowState(ImmutableArray.Create(path));

        /// <summary>
        /// The exact disjunction of <paramref name="paths"/>: equal path states (provenance aside) appear
        /// once, in a canonical order. No bound and no correlation marking: those are <see cref="Widen"/>
        /// and <see cref="Marked"/>, so that the join is a lattice join (commutative, associative,
        /// idempotent; <c>LatticeLawTests</c>).
        /// </summary>
        public static FlowState Of(IEnumerable<PathState> paths)
        {
            if (paths is IReadOnlyList<PathState> { Count: 1 } single)
            {
                return new FlowState(ImmutableArray.Create(single[0]));
            }

            var distinct = Distinct(paths);
            if (distinct.Count == 0)
            {
                return Unreachable;
            }

            distinct.Sort(PathState.CompareLocksets);
            return new FlowState(distinct.ToImmutableArray());
        }

        /// <summary>
        /// The widening that keeps every body's analysis bounded: beyond <see cref="MaxPaths"/> distinct
        /// path states, paths with one lockset are merged (ESP, values joined); beyond that again, all are
        /// widened to one state in which locks held on only some paths are maybe-held.
        /// </summary>
        public FlowState Widen()
        {
            if (Paths.Length <= MaxPaths)
            {
                return this;
            }

            var merged = MergeWithinLocksets(Paths);
            if (merged.Count > MaxPaths)
            {
                return new FlowState(ImmutableArray.Create(WidenToOne(merged)));
            }

            merged.Sort(PathState.CompareLocksets);
            return new FlowState(merged.ToImmutableArray());
        }

        /// <summary>
        /// Correlation at a merge: paths whose locksets differ but that no tracked value tells apart are
        /// uncorrelated. <paramref name="onUncorrelated"/> hears of each such lock (LD0007), which is then
        /// marked so that it raises nothing more: uncorrelated where held, maybe where not. Not part of the
        /// join (it depends on which paths meet at once), so the driver applies it where paths meet.
        /// </summary>
        public FlowState Marked(System.Action<HeldLock>? onUncorrelated)
        {
            if (Paths.Length <= 1)
            {
                return this;
            }

            var paths = new List<PathState>(Paths);
            if (OneLockset(paths))
            {
                return Widen(); // the common join: every path holds the same locks, so nothing can be uncorrelated
            }

            var renamed = OneNamePerLock(paths);
            return MarkUncorrelated(paths, onUncorrelated) || renamed ? Of(paths).Widen() : Widen();
        }

        private static List<PathState> Distinct(IEnumerable<PathState> paths)
        {
            var result = new List<PathState>();
            foreach (var path in paths)
            {
                var index = -1;
                for (var i = 0; i < result.Count && index < 0; i++)
                {
                    if (result[i].Equals(path))
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
                    if (!result[i].SameLockset(path))
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
                if (!other.SameLockset(a) && !candidate.Distinguishable(other)
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
                var index = IndexOfLockset(result, path);
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

        /// <summary>A loop, not <c>FindIndex</c> with a lambda, whose capture of the path would be allocated for every path.</summary>
        private static int IndexOfLockset(List<PathState> paths, PathState path)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                if (paths[i].SameLockset(path))
                {
                    return i;
                }
            }

            return -1;
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

        private static bool OneLockset(List<PathState> paths)
        {
            for (var i = 1; i < paths.Count; i++)
            {
                if (!paths[i].SameLockset(paths[0]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool MarkUncorrelated(List<PathState> paths, System.Action<HeldLock>? onUncorrelated)
        {
            if (OneLockset(paths))
            {
                return false; // renaming made them one
            }

            var any = false;
            var apart = new PairAnswers(paths.Count);
            for (var changed = true; changed;)
            {
                changed = false;
                for (var i = 0; i < paths.Count; i++)
                {
                    for (var j = 0; j < paths.Count; j++)
                    {
                        if (i == j || paths[i].SameLockset(paths[j]) || apart.Distinguishable(paths, i, j))
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

        /// <summary>
        /// Whether two of the paths meeting at a merge can be told apart, each pair asked once: the answer reads only
        /// their values, which marking leaves alone (it changes locks), and it is the same both ways round. The
        /// marking loop asks every pair in every round, and the merges into a <c>try</c>'s handlers are where the
        /// flow spent most of its time on real code.
        /// </summary>
        private readonly struct PairAnswers
        {
            private const sbyte Unasked = 0, Apart = 1, Alike = -1;
            private readonly sbyte[] _answers;
            private readonly int _count;

            public PairAnswers(int count)
            {
                _count = count;
                _answers = new sbyte[count * count];
            }

            public bool Distinguishable(List<PathState> paths, int i, int j)
            {
                var answer = _answers[(i * _count) + j];
                if (answer == Unasked)
                {
                    answer = paths[i].Distinguishable(paths[j]) ? Apart : Alike;
                    _answers[(i * _count) + j] = _answers[(j * _count) + i] = answer;
                }

                return answer == Apart;
            }
        }

        /// <summary>The lattice join: the union of the two disjunctions (exact; the driver bounds it with <see cref="Widen"/>).</summary>
        public FlowState Join(FlowState other)
        {
            if (IsUnreachable)
            {
                return other;
            }

            if (other.IsUnreachable || Subsumes(other))
            {
                return this;
            }

            return Of(Paths.Concat(other.Paths).ToList());
        }

        /// <summary>True when every path of <paramref name="other"/> is already here, so joining changes nothing (the common case at a loop head).</summary>
        private bool Subsumes(FlowState other)
        {
            foreach (var path in other.Paths)
            {
                var found = false;
                foreach (var mine in Paths)
                {
                    if (mine.Equals(path))
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

        /// <summary>Lattice equality: the same path states, in any order (provenance aside). The driver's convergence test.</summary>
        public bool Equals(FlowState? other)
        {
            if (other is null)
            {
                return false;
            }

            if (Paths.Length != other.Paths.Length)
            {
                return false;
            }

            // Paths with one lockset may appear in either order: compare as sets.
            for (var i = 0; i < Paths.Length; i++)
            {
                if (!Paths[i].Equals(other.Paths[i]) && !Contains(other.Paths, Paths[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when <paramref name="path"/> is one of the disjunction's paths (provenance aside): joining it changes nothing.</summary>
        public bool Includes(PathState path) => Contains(Paths, path);

        private static bool Contains(ImmutableArray<PathState> paths, PathState path)
        {
            foreach (var candidate in paths)
            {
                if (candidate.Equals(path))
                {
                    return true;
                }
            }

            return false;
        }

        public override bool Equals(object? obj) => obj is FlowState other && Equals(other);

        public override int GetHashCode() => Paths.Length;

        /// <summary>Two path states with the same lockset: the lock provenance of the earlier acquisition, and the values joined.</summary>
        private static PathState Merge(PathState a, PathState b)
        {
            if (a.Equals(b))
            {
                return a;
            }

            // Same lockset: the same locks in the same order; each keeps the earlier of its two sites.
            var locks = ImmutableArray.CreateBuilder<HeldLock>(a.Locks.Length);
            for (var i = 0; i < a.Locks.Length; i++)
            {
                locks.Add(EarlierSite(a.Locks[i], b.Locks[i]));
            }

            return new PathState(locks.MoveToImmutable(), JoinValues(a, b));
        }

        private static PathState WidenToOne(List<PathState> paths)
        {
            var all = paths.SelectMany(p => p.Locks).GroupBy(l => (l.Path, l.Shared));
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

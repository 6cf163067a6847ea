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

        public static FlowState Of(IEnumerable<PathState> paths)
        {
            if (paths is IReadOnlyList<PathState> { Count: 1 } single)
            {
                return new FlowState(ImmutableArray.Create(single[0]));
            }

            if (paths is IReadOnlyList<PathState> { Count: 0 })
            {
                return Unreachable;
            }

            // Few paths, so group by a linear scan rather than a hash table.
            var groups = new List<PathState>();
            foreach (var path in paths)
            {
                var index = groups.FindIndex(g => g.LocksetKey == path.LocksetKey);
                if (index < 0)
                {
                    groups.Add(path);
                }
                else
                {
                    groups[index] = Merge(groups[index], path);
                }
            }

            if (groups.Count > MaxPaths)
            {
                return new FlowState(ImmutableArray.Create(Widen(groups)));
            }

            groups.Sort((a, b) => string.CompareOrdinal(a.LocksetKey, b.LocksetKey));
            return new FlowState(groups.ToImmutableArray());
        }

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

            return Of(Paths.Concat(other.Paths));
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

            for (var i = 0; i < Paths.Length; i++)
            {
                if (!Paths[i].SameFacts(other.Paths[i]))
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

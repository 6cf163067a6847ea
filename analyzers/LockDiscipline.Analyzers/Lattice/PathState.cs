using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>
    /// The facts along one family of paths: the locks held (the ESP "property state") and the values of
    /// tracked variables (the data the property is correlated with: a <c>bool</c> that holds a
    /// try-lock's result, the nullness of the local that was tested before locking). Immutable.
    /// </summary>
    internal sealed class PathState : System.IEquatable<PathState>
    {
        public static readonly PathState Empty = new PathState(ImmutableArray<HeldLock>.Empty, ValueMap.Empty);

        private int? _locksetHash;

        public PathState(ImmutableArray<HeldLock> locks, ValueMap values)
        {
            Locks = locks;
            Values = values;
        }

        /// <summary>Held locks, sorted by their <see cref="LockFact"/>.</summary>
        public ImmutableArray<HeldLock> Locks { get; }

        public ValueMap Values { get; }

        private int LocksetHash
        {
            get
            {
                if (_locksetHash is { } known)
                {
                    return known;
                }

                var hash = 17;
                foreach (var held in Locks)
                {
                    hash = (hash * 31) + held.Fact.GetHashCode();
                }

                _locksetHash = hash;
                return hash;
            }
        }

        /// <summary>True when both hold the same locks with the same facts (provenance aside): such path states are merged (ESP).</summary>
        public bool SameLockset(PathState other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (Locks.Length != other.Locks.Length || LocksetHash != other.LocksetHash)
            {
                return false;
            }

            for (var i = 0; i < Locks.Length; i++)
            {
                if (Locks[i].Fact != other.Locks[i].Fact)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A total order of locksets (element by element), so a disjunction's paths are kept in one order.</summary>
        public static int CompareLocksets(PathState a, PathState b)
        {
            for (var i = 0; i < a.Locks.Length && i < b.Locks.Length; i++)
            {
                var c = a.Locks[i].Fact.CompareTo(b.Locks[i].Fact);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Locks.Length.CompareTo(b.Locks.Length);
        }

        /// <summary>
        /// Locks that every path merged here holds. A <c>foreach</c> over it allocates nothing (the rules ask it for every
        /// acquire and every call made under a lock); LINQ over it works as over any sequence.
        /// </summary>
        public DefinitelyHeldLocks DefinitelyHeld => new DefinitelyHeldLocks(Locks);

        /// <summary>The locks of a path that are not maybe-held, enumerated without an iterator object.</summary>
        public readonly struct DefinitelyHeldLocks : IEnumerable<HeldLock>
        {
            private readonly ImmutableArray<HeldLock> _locks;

            public DefinitelyHeldLocks(ImmutableArray<HeldLock> locks)
            {
                _locks = locks;
            }

            public Enumerator GetEnumerator() => new Enumerator(_locks);

            IEnumerator<HeldLock> IEnumerable<HeldLock>.GetEnumerator() => _locks.Where(l => !l.IsMaybe).GetEnumerator();

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => ((IEnumerable<HeldLock>)this).GetEnumerator();

            public struct Enumerator
            {
                private readonly ImmutableArray<HeldLock> _locks;
                private int _index;

                internal Enumerator(ImmutableArray<HeldLock> locks)
                {
                    _locks = locks;
                    _index = -1;
                }

                public HeldLock Current => _locks[_index];

                public bool MoveNext()
                {
                    while (++_index < _locks.Length)
                    {
                        if (!_locks[_index].IsMaybe)
                        {
                            return true;
                        }
                    }

                    return false;
                }
            }
        }

        /// <summary>Whether any lock is in <see cref="DefinitelyHeld"/>: asked per acquire, so no iterator.</summary>
        public bool HoldsAnyDefinitely
        {
            get
            {
                foreach (var held in Locks)
                {
                    if (!held.IsMaybe)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        public HeldLock? Find(LockPath path)
        {
            foreach (var held in Locks)
            {
                if (held.Path.Equals(path))
                {
                    return held;
                }
            }

            return null;
        }

        public PathState WithLock(HeldLock held)
        {
            var index = IndexOf(held.Path);
            var without = index < 0 ? Locks : Locks.RemoveAt(index);
            return new PathState(Sorted(without.Add(held)), Values);
        }

        /// <summary>The lock under a new canonical name; every alias of the old name follows it.</summary>
        public PathState WithLockRenamed(HeldLock held, LockPath path)
        {
            var s = WithoutLock(held.Path).WithLock(held.Renamed(path));
            foreach (var entry in s.Values)
            {
                if (held.Path.Equals(entry.Value.Alias))
                {
                    s = s.WithValue(entry.Key, entry.Value with { Alias = path });
                }
            }

            return s;
        }

        /// <summary>
        /// <paramref name="held"/> under the name of <paramref name="alias"/>, a local that refers to the same
        /// object: every alias of the old name follows, and the old name (a local) becomes an alias of the new one.
        /// </summary>
        public PathState RenamedToAlias(HeldLock held, LockPath alias)
        {
            var s = WithLockRenamed(held, alias);
            s = s.WithValue(VariableKey.Of(alias.Root!), s.ValueOf(VariableKey.Of(alias.Root!)) with { Alias = null });
            return s.WithValue(VariableKey.Of(held.Path.Root!), s.ValueOf(VariableKey.Of(held.Path.Root!)) with { Alias = alias });
        }

        public PathState WithoutLock(LockPath path)
        {
            var index = IndexOf(path);
            return index < 0 ? this : new PathState(Locks.RemoveAt(index), Values);
        }

        private int IndexOf(LockPath path)
        {
            for (var i = 0; i < Locks.Length; i++)
            {
                if (Locks[i].Path.Equals(path))
                {
                    return i;
                }
            }

            return -1;
        }

        public AbstractValue ValueOf(VariableKey key)
        {
            if (Values.TryGetValue(key, out var value))
            {
                return value;
            }

            // A bool local read before any assignment is one the compiler synthesized (the lock
            // statement's lockTaken): it starts false.
            return key.IsLocal && key.Type?.SpecialType == SpecialType.System_Boolean ? AbstractValue.False : AbstractValue.Unknown;
        }

        public PathState WithValue(VariableKey key, AbstractValue value) =>
            Values.TryGetValue(key, out var old) && old.Equals(value) ? this : new PathState(Locks, Values.SetItem(key, value));

        public static ImmutableArray<HeldLock> Sorted(ImmutableArray<HeldLock> locks) =>
            locks.Length <= 1 ? locks : locks.Sort((a, b) => a.Fact.CompareTo(b.Fact));

        /// <summary>Lattice equality: the same lock facts and the same tracked values; provenance is not compared.</summary>
        public bool Equals(PathState? other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (other is null || !SameLockset(other) || Values.Count != other.Values.Count)
            {
                return false;
            }

            foreach (var pair in Values)
            {
                if (!other.Values.TryGetValue(pair.Key, out var v) || !v.Equals(pair.Value))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// True when some tracked variable has contradictory values on the two paths (a <c>bool</c> true on
        /// one and false on the other, a handle null on one and not on the other): a later test of it
        /// can tell the paths apart, so locks held on one and not the other are correlated, not lost.
        /// </summary>
        public bool Distinguishable(PathState other)
        {
            // Only a value that can contradict is looked up on the other side: paths are compared pairwise wherever
            // they meet, and a long body's paths carry dozens of variables, most of them untracked.
            foreach (var pair in Values)
            {
                if (pair.Value.CanContradict && AbstractValue.Contradict(pair.Value, other.ValueOf(pair.Key)))
                {
                    return true;
                }
            }

            foreach (var pair in other.Values)
            {
                if (pair.Value.CanContradict && AbstractValue.Contradict(ValueOf(pair.Key), pair.Value))
                {
                    return true;
                }
            }

            return false;
        }

        public override bool Equals(object? obj) => obj is PathState other && Equals(other);

        /// <summary>Over the lockset only (values compare by content, in any order): equal states hash alike.</summary>
        public override int GetHashCode() => LocksetHash;

        public override string ToString() => "{" + string.Join("|", Locks.Select(l => l.Fact.ToString())) + "}";
    }
}

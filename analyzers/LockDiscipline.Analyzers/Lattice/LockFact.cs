using System;
using LockDiscipline.Analyzers.LockExpressions;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>How sure the analysis is that a lock is held on the paths a fact describes. Weaker certainties sort later.</summary>
    internal enum Certainty : byte
    {
        /// <summary>Held on every path merged here.</summary>
        Held = 0,

        /// <summary>Held on this path, but another path meeting it does not hold it and nothing tells them apart (LD0007).</summary>
        Uncorrelated = 1,

        /// <summary>Held on some of the paths merged here but not all: no check relies on it.</summary>
        Maybe = 2,
    }

    /// <summary>The upgrade state of a reader/writer lock.</summary>
    internal enum UpgradeState : byte
    {
        None = 0,

        /// <summary>Held in upgradeable-read mode (<c>EnterUpgradeableReadLock</c>): a write acquire upgrades it.</summary>
        Upgradeable = 1,

        /// <summary>A write lock taken while holding the upgradeable read; its release restores that read.</summary>
        Upgraded = 2,
    }

    /// <summary>
    /// The identity of a held lock in the lattice: which lock, in which mode, how deep, how surely, in which
    /// upgrade state, and how it may be re-taken. Equality and order are structural over these typed fields;
    /// where and how the lock was taken (sites, spelling) is provenance and lives on <see cref="HeldLock"/>.
    /// </summary>
    internal readonly record struct LockFact(LockPath Path, bool Shared, int Depth, Certainty Certainty, UpgradeState Upgrade, bool Nested, bool Reentrant)
        : IComparable<LockFact>
    {
        /// <summary>A total order, so that locksets are kept sorted and compared element by element.</summary>
        public int CompareTo(LockFact other)
        {
            var c = string.CompareOrdinal(Path.ToString(), other.Path.ToString());
            if (c == 0 && !Path.Equals(other.Path))
            {
                c = Path.GetHashCode().CompareTo(other.Path.GetHashCode()); // two symbols spelled alike
            }

            if (c != 0)
            {
                return c;
            }

            c = Shared.CompareTo(other.Shared);
            c = c != 0 ? c : Depth.CompareTo(other.Depth);
            c = c != 0 ? c : Certainty.CompareTo(other.Certainty);
            c = c != 0 ? c : Upgrade.CompareTo(other.Upgrade);
            c = c != 0 ? c : Nested.CompareTo(other.Nested);
            return c != 0 ? c : Reentrant.CompareTo(other.Reentrant);
        }

        public override string ToString() =>
            Path + (Shared ? "#shared" : "") + (Depth > 1 ? "#" + Depth : "") + (Upgrade == UpgradeState.Upgradeable ? "#upgradeable" : Upgrade == UpgradeState.Upgraded ? "#upgraded" : "")
            + (Certainty == Certainty.Maybe ? "?" : Certainty == Certainty.Uncorrelated ? "~" : "");
    }
}

using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>
    /// One fact of the lockset: which lock is held, of what class and kind, in which mode, and where
    /// it was taken (for messages). Identity for the lattice is <see cref="Path"/> and <see cref="Shared"/>;
    /// the rest is provenance.
    /// </summary>
    internal sealed class HeldLock
    {
        public HeldLock(LockPath path, LockClass lockClass, LockKind kind, bool shared, Location acquiredAt, bool byTryAcquire, bool fromContract, string? name = null)
        {
            Path = path;
            Name = name ?? path.ToString();
            Class = lockClass;
            Kind = kind;
            Shared = shared;
            AcquiredAt = acquiredAt;
            ByTryAcquire = byTryAcquire;
            FromContract = fromContract;
        }

        public LockPath Path { get; }

        /// <summary>The lock as the code that took it spells it (<c>mapping.ISharedLock</c>), for messages.</summary>
        public string Name { get; }
        public LockClass Class { get; }
        public LockKind Kind { get; }
        public bool Shared { get; }

        /// <summary>The acquiring call, or the method's contract attribute for locks held on entry.</summary>
        public Location AcquiredAt { get; }

        public bool ByTryAcquire { get; }

        /// <summary>Held on entry because the method's own contract says so (<c>[Requires]</c>, <c>[MayDrop]</c>, <c>[Releases]</c>).</summary>
        public bool FromContract { get; }

        /// <summary>Held on some of the paths that were merged into this fact but not all: no check relies on it.</summary>
        public bool IsMaybe { get; private set; }

        public bool IsSpin => Kind == LockKind.Spin;

        public HeldLock AsMaybe()
        {
            if (IsMaybe)
            {
                return this;
            }

            var copy = (HeldLock)MemberwiseClone();
            copy.IsMaybe = true;
            return copy;
        }

        /// <summary>The key that decides lattice identity.</summary>
        public string Key => Path + (Shared ? "#shared" : "") + (IsMaybe ? "?" : "");

        /// <summary>The line where it was taken, 1-based, for messages.</summary>
        public int Line => AcquiredAt.GetLineSpan().StartLinePosition.Line + 1;

        public override string ToString() => Key;
    }
}

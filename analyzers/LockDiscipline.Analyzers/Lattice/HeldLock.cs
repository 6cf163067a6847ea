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
        private readonly IOperation? _site;
        private readonly IOperation? _spellingRoot;
        private readonly LockPath? _calleePath;
        private Location? _acquiredAt;
        private string? _name;

        /// <summary>A lock held on entry to a body, by its own contract.</summary>
        public HeldLock(LockPath path, LockClass lockClass, LockKind kind, Location declaredAt, bool shared = false)
            : this(path, lockClass, kind, shared, site: null, spellingRoot: null, calleePath: null, byTryAcquire: false, fromContract: true)
        {
            _acquiredAt = declaredAt;
        }

        /// <summary>A lock acquired at <paramref name="site"/>; location and spelling are worked out only if a message needs them.</summary>
        public HeldLock(LockPath path, LockClass lockClass, LockKind kind, bool shared, IOperation? site, IOperation? spellingRoot, LockPath? calleePath, bool byTryAcquire, bool fromContract)
        {
            Path = path;
            Class = lockClass;
            Kind = kind;
            Shared = shared;
            _site = site;
            _spellingRoot = spellingRoot;
            _calleePath = calleePath;
            ByTryAcquire = byTryAcquire;
            FromContract = fromContract;
            Key = path.ToString() + (shared ? "#shared" : "");
        }

        public LockPath Path { get; }

        /// <summary>The lock as the code that took it spells it (<c>mapping.ISharedLock</c>), for messages.</summary>
        public string Name => _name ??= Spell();
        public LockClass Class { get; }
        public LockKind Kind { get; }
        public bool Shared { get; }

        /// <summary>The acquiring call, or the annotated method for locks held on entry.</summary>
        public Location AcquiredAt => _acquiredAt ??= _site is null ? Location.None : Flow.SiteLocations.Of(_site);

        public bool ByTryAcquire { get; }

        /// <summary>Held on entry because the method's own contract says so (<c>[Requires]</c>, <c>[MayDrop]</c>, <c>[Releases]</c>).</summary>
        public bool FromContract { get; }

        /// <summary>Held on some of the paths that were merged into this fact but not all: no check relies on it.</summary>
        public bool IsMaybe { get; private set; }

        public bool IsSpin => Kind == LockKind.Spin;

        /// <summary>Held in upgradeable-read mode (<c>EnterUpgradeableReadLock</c>): a write acquire upgrades it.</summary>
        public bool Upgradeable { get; private set; }

        /// <summary>Taken with <c>[AcquiresNested]</c>: another lock of its class may be held.</summary>
        public bool Nested { get; private set; }

        /// <summary>The lock may be re-entered by its holder (<c>Monitor</c>, <c>Lock</c>, <c>Mutex</c>).</summary>
        public bool Reentrant { get; private set; }

        /// <summary>For a write lock taken while holding the upgradeable read: that read, which its release restores.</summary>
        public HeldLock? UpgradedFrom { get; private set; }

        public HeldLock With(bool upgradeable, bool nested, bool reentrant, HeldLock? upgradedFrom)
        {
            if (upgradeable == Upgradeable && nested == Nested && reentrant == Reentrant && upgradedFrom == UpgradedFrom)
            {
                return this;
            }

            var copy = (HeldLock)MemberwiseClone();
            copy.Reentrant = reentrant;
            copy.Upgradeable = upgradeable;
            copy.Nested = nested;
            copy.UpgradedFrom = upgradedFrom;
            copy.Key = Key + (upgradedFrom is not null ? "#upgraded" : "") + (upgradeable ? "#upgradeable" : "");
            return copy;
        }

        /// <summary>
        /// Held on this path, but another path meeting it does not hold it and nothing tells them apart
        /// (reported as LD0007): still a held lock for ordering and sleeping, but LD0004 leaves it alone.
        /// </summary>
        public bool Uncorrelated { get; private set; }

        /// <summary>How many times a reentrant lock is held by this path (capped: the count only has to balance short nests).</summary>
        public int Depth { get; private set; } = 1;

        public const int MaxDepth = 3;

        public HeldLock WithDepth(int depth)
        {
            var copy = (HeldLock)MemberwiseClone();
            copy.Depth = depth;
            copy.Key = Path.ToString() + (Shared ? "#shared" : "") + (depth > 1 ? "#" + depth : "");
            return copy;
        }

        public HeldLock AsUncorrelated()
        {
            var copy = (HeldLock)MemberwiseClone();
            copy.Uncorrelated = true;
            copy.Key = Key + "~";
            return copy;
        }

        public HeldLock AsMaybe()
        {
            if (IsMaybe)
            {
                return this;
            }

            var copy = (HeldLock)MemberwiseClone();
            copy.IsMaybe = true;
            copy.Key = Key + "?";
            return copy;
        }

        /// <summary>The key that decides lattice identity.</summary>
        public string Key { get; private set; }

        private string Spell()
        {
            var root = _spellingRoot is { IsImplicit: false } ? _spellingRoot.Syntax.ToString() : null;
            if (root is null || _calleePath is null || root.Length > 80 || root.IndexOf('\n') >= 0)
            {
                return Path.ToString();
            }

            var name = root;
            foreach (var member in _calleePath.Members)
            {
                name += "." + member.Name;
            }

            return name;
        }

        /// <summary>The line where it was taken, 1-based, for messages.</summary>
        public int Line => AcquiredAt.GetLineSpan().StartLinePosition.Line + 1;

        public override string ToString() => Key;
    }
}

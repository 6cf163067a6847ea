using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>
    /// One fact of the lockset: its identity (<see cref="Fact"/>: which lock, mode, depth, certainty,
    /// upgrade state) and its provenance (class and kind, where it was taken and how the code spells it,
    /// for messages). The lattice compares <see cref="Fact"/> only. Immutable: every change is a copy.
    /// </summary>
    internal sealed class HeldLock
    {
        // Syntax, not the operations: a held lock outlives its body's analysis (a call made with a spin lock
        // held waits for the compilation's end), and an operation keeps its whole graph and semantic model,
        // with every body of its file bound, alive until then. The syntax tree lives as long anyway.
        private readonly SyntaxNode? _site;
        private readonly SyntaxNode? _spelling;
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
            Fact = new LockFact(path, shared, 1, Certainty.Held, UpgradeState.None, Nested: false, Reentrant: false);
            Class = lockClass;
            Kind = kind;
            _site = site?.Syntax;
            _spelling = spellingRoot is { IsImplicit: false } ? spellingRoot.Syntax : null;
            _calleePath = calleePath;
            ByTryAcquire = byTryAcquire;
            FromContract = fromContract;
        }

        /// <summary>The lattice identity.</summary>
        public LockFact Fact { get; private set; }

        public LockPath Path => Fact.Path;

        /// <summary>The lock as the code that took it spells it (<c>mapping.ISharedLock</c>), for messages.</summary>
        public string Name => _name ??= Spell();
        public LockClass Class { get; }
        public LockKind Kind { get; }
        public bool Shared => Fact.Shared;

        /// <summary>The acquiring call, or the annotated method for locks held on entry.</summary>
        public Location AcquiredAt => _acquiredAt ??= _site is null ? Location.None : SiteLocations.Of(_site);

        /// <summary>Provenance: taken by a try-acquire that succeeded. Held is held, however it was taken, so it is not identity.</summary>
        public bool ByTryAcquire { get; }

        /// <summary>Held on entry because the method's own contract says so (<c>[Requires]</c>, <c>[MayDrop]</c>, <c>[Releases]</c>).</summary>
        public bool FromContract { get; }

        /// <summary>Held on some of the paths that were merged into this fact but not all: no check relies on it.</summary>
        public bool IsMaybe => Fact.Certainty == Certainty.Maybe;

        /// <summary>
        /// Held on this path, but another path meeting it does not hold it and nothing tells them apart
        /// (reported as LD0007): still a held lock for ordering and sleeping, but LD0004 leaves it alone.
        /// </summary>
        public bool Uncorrelated => Fact.Certainty == Certainty.Uncorrelated;

        public bool IsSpin => Kind == LockKind.Spin;

        /// <summary>Held in upgradeable-read mode (<c>EnterUpgradeableReadLock</c>): a write acquire upgrades it.</summary>
        public bool Upgradeable => Fact.Upgrade == UpgradeState.Upgradeable;

        /// <summary>Taken with <c>[AcquiresNested]</c>: another lock of its class may be held.</summary>
        public bool Nested => Fact.Nested;

        /// <summary>The lock may be re-entered by its holder (<c>Monitor</c>, <c>Lock</c>, <c>Mutex</c>).</summary>
        public bool Reentrant => Fact.Reentrant;

        /// <summary>For a write lock taken while holding the upgradeable read: that read, which its release restores.</summary>
        public HeldLock? UpgradedFrom { get; private set; }

        /// <summary>How many times a reentrant lock is held by this path (capped: the count only has to balance short nests).</summary>
        public int Depth => Fact.Depth;

        public const int MaxDepth = 3;

        public HeldLock With(bool upgradeable, bool nested, bool reentrant, HeldLock? upgradedFrom)
        {
            var upgrade = upgradedFrom is not null ? UpgradeState.Upgraded : upgradeable ? UpgradeState.Upgradeable : UpgradeState.None;
            var fact = Fact with { Upgrade = upgrade, Nested = nested, Reentrant = reentrant };
            if (fact == Fact && upgradedFrom == UpgradedFrom)
            {
                return this;
            }

            var copy = WithFact(fact);
            copy.UpgradedFrom = upgradedFrom;
            return copy;
        }

        /// <summary>
        /// The same lock under another name (<c>last = next</c> moves the lock <c>next</c> names to <c>last</c>):
        /// its class, kind, site and spelling are those it was taken with.
        /// </summary>
        public HeldLock Renamed(LockPath path) => WithFact(Fact with { Path = path });

        public HeldLock WithDepth(int depth) => WithFact(Fact with { Depth = depth });

        /// <summary>The same lock, uncorrelated (unless it is only maybe held, which is weaker still).</summary>
        public HeldLock AsUncorrelated() => IsMaybe ? this : WithFact(Fact with { Certainty = Certainty.Uncorrelated });

        public HeldLock AsMaybe() => WithFact(Fact with { Certainty = Certainty.Maybe });

        private HeldLock WithFact(LockFact fact)
        {
            if (fact == Fact)
            {
                return this;
            }

            var copy = (HeldLock)MemberwiseClone();
            copy.Fact = fact;
            return copy;
        }

        private string Spell()
        {
            var root = _spelling?.ToString();
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

        public override string ToString() => Fact.ToString();
    }
}

using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.LockExpressions
{
    /// <summary>Where a lock path starts.</summary>
    internal enum LockRootKind
    {
        /// <summary>The receiver of the method (<c>this</c>).</summary>
        This,
        /// <summary>A parameter, identified by ordinal so that callee terms can be substituted.</summary>
        Parameter,
        /// <summary>A local of the body being analyzed (one that is not a simple alias).</summary>
        Local,
        /// <summary>A static member: the first member of the path is static.</summary>
        Static,
    }

    /// <summary>
    /// A lock expression as a value: a root and a chain of fields or properties
    /// (<c>mapping.ISharedLock</c>, <c>this.PageTableLock</c>). Two locks are the same lock when
    /// their paths are equal, so equality is structural. Like Clang's <c>CapabilityExpr</c>, a path is
    /// translated once from syntax and substituted at call sites.
    /// </summary>
    internal sealed class LockPath : IEquatable<LockPath>
    {
        private readonly int _hash;

        public LockPath(LockRootKind rootKind, ISymbol? root, int parameterOrdinal, ImmutableArray<ISymbol> members, ITypeSymbol? type, string rootName)
        {
            RootKind = rootKind;
            Root = root;
            ParameterOrdinal = parameterOrdinal;
            Members = members.IsDefault ? ImmutableArray<ISymbol>.Empty : members;
            Type = type;
            RootName = rootName;
            _hash = ComputeHash();
        }

        public LockRootKind RootKind { get; }

        /// <summary>The local for <see cref="LockRootKind.Local"/>, the parameter for <see cref="LockRootKind.Parameter"/>
        /// (identified by its method and ordinal, so that a lambda's parameter is not its enclosing method's).</summary>
        public ISymbol? Root { get; }

        public int ParameterOrdinal { get; }

        /// <summary>A local variable itself (no member of it, not a <c>ref</c> local, not the unnamed remains of one): a name an assignment can move.</summary>
        public bool IsPlainLocal => RootKind == LockRootKind.Local && Members.IsEmpty && ParameterOrdinal != UnnamedOrdinal
            && Root is ILocalSymbol { IsRef: false };

        public ImmutableArray<ISymbol> Members { get; }

        /// <summary>True when this path starts at the same variable, <c>this</c> or static root as <paramref name="root"/> (<c>x.Gate</c> and <c>x</c>).</summary>
        public bool SharesRootWith(LockPath root) =>
            RootKind == root.RootKind && SymbolEqualityComparer.Default.Equals(Root, root.Root);

        /// <summary>The static type of the whole expression: it decides Spin or Blocking.</summary>
        public ITypeSymbol? Type { get; }

        /// <summary>How the root is spelled (<c>this</c>, a parameter or local name, or empty for static).</summary>
        public string RootName { get; }

        public static LockPath ForThis(ITypeSymbol? type)
        {
            if (type is null)
            {
                return NewThis(null);
            }

            // One path for each annotation: the path keeps the type as it was asked for.
            var byAnnotation = ThisOfType.Get(type);
            var slot = (int)type.NullableAnnotation;
            var path = byAnnotation[slot];
            if (path is null)
            {
                path = NewThis(type);
                path = System.Threading.Interlocked.CompareExchange(ref byAnnotation[slot], path, null) ?? path;
            }

            return path;
        }

        // Asked for every built-in contract and every instance lock a body names; the path is immutable, so one per type.
        private static readonly Sites.PerTypeSymbol<LockPath?[]> ThisOfType = new Sites.PerTypeSymbol<LockPath?[]>(_ => new LockPath?[3]);

        private static LockPath NewThis(ITypeSymbol? type) => new LockPath(LockRootKind.This, null, -1, ImmutableArray<ISymbol>.Empty, type, "this");

        public static LockPath ForParameter(IParameterSymbol parameter) =>
            new LockPath(LockRootKind.Parameter, parameter, parameter.Ordinal, ImmutableArray<ISymbol>.Empty, parameter.Type, parameter.Name);

        public static LockPath ForLocal(ILocalSymbol local) =>
            new LockPath(LockRootKind.Local, local, -1, ImmutableArray<ISymbol>.Empty, local.Type, local.Name);

        public static LockPath ForStatic(ISymbol member) =>
            new LockPath(LockRootKind.Static, null, -1, ImmutableArray.Create(member), MemberType(member), "");

        /// <summary>
        /// A lock still held whose last name was overwritten (<c>last = next</c> while <c>last</c> named another
        /// held lock): no code can spell it, so no release finds it. Distinct from every path the code spells
        /// (<see cref="ParameterOrdinal"/> is <see cref="UnnamedOrdinal"/>); one per former name, so a loop
        /// that leaks one lock per iteration reaches a fixpoint.
        /// </summary>
        public static LockPath Unnamed(LockPath formerName) =>
            new LockPath(formerName.RootKind, formerName.Root, UnnamedOrdinal, formerName.Members, formerName.Type, formerName.RootName);

        public const int UnnamedOrdinal = -2;

        /// <summary>True when this path is <paramref name="prefix"/> followed by one or more members (<c>next.Gate</c> of <c>next</c>).</summary>
        public bool Extends(LockPath prefix)
        {
            if (Members.Length <= prefix.Members.Length || RootKind != prefix.RootKind || ParameterOrdinal != prefix.ParameterOrdinal
                || !SymbolEqualityComparer.Default.Equals(Root, prefix.Root))
            {
                return false;
            }

            for (var i = 0; i < prefix.Members.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(Members[i], prefix.Members[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>This path with its first <paramref name="count"/> members and root replaced by <paramref name="prefix"/> (<c>next.Gate</c> → <c>cur.Gate</c>).</summary>
        public LockPath Rebased(int count, LockPath prefix) =>
            new LockPath(prefix.RootKind, prefix.Root, prefix.ParameterOrdinal, prefix.Members.AddRange(Members.Skip(count)), Type, prefix.RootName);

        /// <summary>This path followed by one more field or property.</summary>
        public LockPath Append(ISymbol member) =>
            new LockPath(RootKind, Root, ParameterOrdinal, Members.Add(member), MemberType(member), RootName);

        /// <summary>This path followed by the members of <paramref name="suffix"/> (whose root is replaced by this path).</summary>
        public LockPath AppendAll(LockPath suffix)
        {
            if (suffix.Members.IsEmpty)
            {
                return this;
            }

            return new LockPath(RootKind, Root, ParameterOrdinal, Members.AddRange(suffix.Members), suffix.Type, RootName);
        }

        /// <summary>The field or property that stores the lock, if the path ends in one.</summary>
        public ISymbol? LastMember => Members.IsEmpty ? null : Members[Members.Length - 1];

        /// <summary>True when the path means the same thing in a caller as in the callee.</summary>
        public bool IsRootedInSignature => RootKind != LockRootKind.Local;

        public static ITypeSymbol? MemberType(ISymbol member) => member switch
        {
            IFieldSymbol f => f.Type,
            IPropertySymbol p => p.Type,
            _ => null,
        };

        private string? _text;

        public override string ToString() => _text ??= Spell();

        private string Spell()
        {
            if (RootKind == LockRootKind.Static)
            {
                var first = Members[0];
                var rest = Members.Skip(1).Select(m => m.Name);
                return string.Join(".", new[] { first.ContainingType?.Name + "." + first.Name }.Concat(rest));
            }

            if (RootKind == LockRootKind.This && !Members.IsEmpty)
            {
                return string.Join(".", Members.Select(m => m.Name));
            }

            return string.Join(".", new[] { RootName }.Concat(Members.Select(m => m.Name)));
        }

        public bool Equals(LockPath? other)
        {
            if (other is null)
            {
                return false;
            }

            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (_hash != other._hash || RootKind != other.RootKind || ParameterOrdinal != other.ParameterOrdinal
                || Members.Length != other.Members.Length)
            {
                return false;
            }

            if (RootKind == LockRootKind.Local && !SymbolEqualityComparer.Default.Equals(Root, other.Root))
            {
                return false;
            }

            if (RootKind == LockRootKind.Parameter
                && !SymbolEqualityComparer.Default.Equals(Root?.ContainingSymbol?.OriginalDefinition, other.Root?.ContainingSymbol?.OriginalDefinition))
            {
                return false;
            }

            for (var i = 0; i < Members.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(Members[i].OriginalDefinition, other.Members[i].OriginalDefinition))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is LockPath p && Equals(p);

        public override int GetHashCode() => _hash;

        private int ComputeHash()
        {
            var h = (int)RootKind * 397 ^ ParameterOrdinal;
            if (RootKind == LockRootKind.Local && Root is not null)
            {
                h = h * 31 + SymbolEqualityComparer.Default.GetHashCode(Root);
            }

            foreach (var m in Members)
            {
                h = h * 31 + m.Name.GetHashCode();
            }

            return h;
        }
    }
}

using System;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Ordering
{
    /// <summary>
    /// The unit of ordering, as in lockdep: the field or property that stores a lock
    /// (<c>AddressSpace.ISharedLock</c>), or for a lock with no such member its type. All
    /// <c>i_shared_lock</c>s of all mappings are one class.
    /// </summary>
    internal sealed class LockClass : IEquatable<LockClass>
    {
        public LockClass(ISymbol symbol)
        {
            Symbol = symbol.OriginalDefinition;
        }

        public ISymbol Symbol { get; }

        public static LockClass Of(LockPath path)
        {
            ISymbol? symbol = path.LastMember ?? (ISymbol?)path.Type;
            return new LockClass(symbol ?? throw new ArgumentException("a lock path has a member or a type", nameof(path)));
        }

        /// <summary>True when the lock path has something to classify by.</summary>
        public static bool CanClassify(LockPath path) => path.LastMember is not null || path.Type is not null;

        public override string ToString() => Symbol is ITypeSymbol t
            ? t.Name
            : Symbol.ContainingType?.Name + "." + Symbol.Name;

        public bool Equals(LockClass? other) => other is not null && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);

        public override bool Equals(object? obj) => obj is LockClass c && Equals(c);

        public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Symbol);
    }
}

using System;
using System.Linq;
using System.Runtime.CompilerServices;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
            if (path.LastMember is { } member)
            {
                return OfMember(member);
            }

            return new LockClass((ISymbol?)path.Type ?? throw new ArgumentException("a lock path has a member or a type", nameof(path)));
        }

        /// <summary>
        /// The class of the locks a field or property stores: the member itself, except for an object of a class
        /// that locks itself (<c>lock (this)</c> in its own code): <c>lock (this)</c> inside <c>C</c> and
        /// <c>lock (owner.c)</c> outside are one monitor, so both are the class <c>C</c>, as <c>this</c> is. A
        /// member whose own attribute places it in the declared order keeps its own class, as declared.
        /// </summary>
        public static LockClass OfMember(ISymbol member)
        {
            var type = LockPath.MemberType(member);
            return type is not null && LocksItself(type) && !DeclaresOrder(member) ? new LockClass(type) : new LockClass(member);
        }

        /// <summary>A lock class that is a class of objects locking themselves: two of its instances are two locks of one class (LD0015).</summary>
        public bool IsSelfLockingType => Symbol is ITypeSymbol type && LocksItself(type);

        private static readonly ConditionalWeakTable<ITypeSymbol, object> SelfLocking = new ConditionalWeakTable<ITypeSymbol, object>();

        /// <summary>
        /// A class declared in this compilation, not a lock type, whose own code takes its monitor through
        /// <c>this</c> (<c>lock (this)</c>, <c>Monitor.Enter(this)</c>, …). Read from syntax once per type.
        /// </summary>
        private static bool LocksItself(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } named
                || named.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty || LockTypes.IsLockType(named))
            {
                return false;
            }

            return SelfLocking.GetValue(named.OriginalDefinition, t => t.DeclaringSyntaxReferences.Any(reference =>
            {
                var declaration = reference.GetSyntax();
                return declaration.DescendantNodes().Any(node => LocksThis(node) && OwnCode(node, declaration));
            }) ? True : False) == True;
        }

        /// <summary>
        /// <c>lock (this)</c>, a <c>Monitor</c> call on <c>this</c>, or an enter of <c>this</c> through a locking helper of the
        /// project's (<c>UninterruptableMonitor.Enter(this)</c>, <c>LockHelper.TryEnter(this, ms)</c>).
        /// </summary>
        private static bool LocksThis(SyntaxNode node) => node switch
        {
            LockStatementSyntax { Expression: ThisExpressionSyntax } => true,
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name: var name } } call =>
                (receiver.Identifier.ValueText == "Monitor" || name.Identifier.ValueText is "Enter" or "TryEnter" && SpellsALockHelper(receiver.Identifier.ValueText))
                && call.ArgumentList.Arguments.Count > 0 && call.ArgumentList.Arguments[0].Expression is ThisExpressionSyntax,
            _ => false,
        };

        /// <summary>A helper whose name says it locks (<c>UninterruptableMonitor</c>, <c>LockHelper</c>), not a tracer's <c>NetEventSource.Enter(this)</c>.</summary>
        private static bool SpellsALockHelper(string receiver) =>
            receiver.IndexOf("Monitor", StringComparison.Ordinal) >= 0 || receiver.IndexOf("Lock", StringComparison.Ordinal) >= 0;

        /// <summary>In the type's own members, not a nested type's, whose <c>this</c> is another object.</summary>
        private static bool OwnCode(SyntaxNode node, SyntaxNode declaration) =>
            node.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault() == declaration;

        private static readonly object True = new object();
        private static readonly object False = new object();

        private static bool DeclaresOrder(ISymbol member) =>
            member.GetAttributes().Any(a => AttributeNames.Is(a, AttributeNames.AcquiredBefore) || AttributeNames.Is(a, AttributeNames.AcquiredAfter));

        /// <summary>True when the lock path has something to classify by.</summary>
        public static bool CanClassify(LockPath path) => path.LastMember is not null || path.Type is not null;

        private string? _name;

        /// <summary>The short name (<c>AddressSpace.ISharedLock</c>), made once: cycle searches sort classes by it.</summary>
        public override string ToString() => _name ??= Symbol is ITypeSymbol t
            ? t.Name
            : Symbol.ContainingType?.Name + "." + Symbol.Name;

        public bool Equals(LockClass? other) => other is not null && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);

        public override bool Equals(object? obj) => obj is LockClass c && Equals(c);

        public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Symbol);
    }
}

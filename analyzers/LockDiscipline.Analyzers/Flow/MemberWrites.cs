using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// What a type's own code writes, by member name, read once per type from syntax: in its constructors, and
    /// anywhere else. Two questions need it. Is a <c>bool</c> field set when its object is made and never after
    /// (<see cref="IsFixedAfterConstruction"/>: a socket's "thread-safe" mode, so <c>if (_threadSafe) Monitor.Enter(_sync)</c>
    /// and the unlock under the same test cannot disagree)? And is a lock member the object's own
    /// (<see cref="IsMadeWhereDeclared"/>: no constructor puts someone else's lock there)? Any write of the name that
    /// is not plainly inside a constructor of the type itself (a nested type's, or a lambda's) counts as a write
    /// elsewhere; a name is not resolved, so a same-named local makes the answer "written".
    /// </summary>
    internal static class MemberWrites
    {
        private sealed class TypeWrites
        {
            public readonly HashSet<string> InConstructors = new HashSet<string>(System.StringComparer.Ordinal);
            public readonly HashSet<string> Elsewhere = new HashSet<string>(System.StringComparer.Ordinal);
        }

        private static readonly ConditionalWeakTable<INamedTypeSymbol, TypeWrites> PerType = new ConditionalWeakTable<INamedTypeSymbol, TypeWrites>();

        public static bool IsFixedAfterConstruction(IFieldSymbol field)
        {
            if (field.Type.SpecialType != SpecialType.System_Boolean || field.IsConst || field.IsStatic || field.ContainingType is not { } type)
            {
                return false;
            }

            if (field.IsReadOnly)
            {
                return true;
            }

            return field.DeclaredAccessibility == Accessibility.Private && !WritesOf(type).Elsewhere.Contains(field.Name);
        }

        /// <summary>True when no constructor of <paramref name="member"/>'s type assigns it (its declaration's initializer is what it holds).</summary>
        public static bool IsMadeWhereDeclared(ISymbol member) =>
            member.ContainingType is { } type && !WritesOf(type).InConstructors.Contains(member.Name) && !WritesOf(type).Elsewhere.Contains(member.Name);

        private static TypeWrites WritesOf(INamedTypeSymbol type) => PerType.GetValue(type.OriginalDefinition, Read);

        private static TypeWrites Read(INamedTypeSymbol type)
        {
            var writes = new TypeWrites();
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                foreach (var token in reference.GetSyntax().DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is IdentifierNameSyntax name && IsWritten(name))
                    {
                        (InConstructorOf(name, type.Name) ? writes.InConstructors : writes.Elsewhere).Add(token.ValueText);
                    }
                }
            }

            return writes;
        }

        /// <summary>True when <paramref name="name"/> (alone, or as <c>x.name</c>) is assigned (a deconstruction's element too), stepped, passed by <c>ref</c>/<c>out</c>, or has its address taken.</summary>
        private static bool IsWritten(IdentifierNameSyntax name)
        {
            SyntaxNode expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            switch (expression.Parent)
            {
                case AssignmentExpressionSyntax assignment:
                    return assignment.Left == expression;
                case PrefixUnaryExpressionSyntax prefix:
                    return prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) || prefix.IsKind(SyntaxKind.AddressOfExpression);
                case PostfixUnaryExpressionSyntax:
                    return true; // x++, x--, and x! (which a write target may be spelled through)
                case RefExpressionSyntax:
                    return true;
                case ArgumentSyntax argument:
                    return !argument.RefKindKeyword.IsKind(SyntaxKind.None) || IsDeconstructed(argument);
                default:
                    return false;
            }
        }

        /// <summary><c>(_flag, _n) = …</c>: an element of a tuple on the left of an assignment, however deeply nested.</summary>
        private static bool IsDeconstructed(ArgumentSyntax argument)
        {
            SyntaxNode current = argument;
            while (current.Parent is TupleExpressionSyntax tuple)
            {
                if (tuple.Parent is AssignmentExpressionSyntax assignment)
                {
                    return assignment.Left == tuple;
                }

                if (tuple.Parent is not ArgumentSyntax outer)
                {
                    return false;
                }

                current = outer;
            }

            return false;
        }

        /// <summary>Inside a constructor of the type named <paramref name="typeName"/> itself, not a lambda or local function it makes (which may run later).</summary>
        private static bool InConstructorOf(SyntaxNode node, string typeName)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ConstructorDeclarationSyntax constructor:
                        return constructor.Identifier.ValueText == typeName && !constructor.Modifiers.Any(SyntaxKind.StaticKeyword);
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }
    }
}

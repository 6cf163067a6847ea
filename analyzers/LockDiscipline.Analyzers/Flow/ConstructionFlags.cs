using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// A <c>bool</c> field set when its object is made and never after: <c>readonly</c>, or private and written only in
    /// the constructors of its type (as a socket's "thread-safe" mode is). Code that locks only in that mode,
    /// <c>if (_threadSafe) Monitor.Enter(_sync)</c>, and unlocks under the same test, is balanced: the two tests cannot
    /// disagree, in one body or across a <c>Lock()</c>/<c>Unlock()</c> pair. Read from syntax: any other write of the
    /// name in the type, or a write inside a lambda of a constructor, makes the field an ordinary one.
    /// </summary>
    internal static class ConstructionFlags
    {
        public static bool IsFixedAfterConstruction(IFieldSymbol field)
        {
            if (field.Type.SpecialType != SpecialType.System_Boolean || field.IsConst || field.IsStatic)
            {
                return false;
            }

            if (field.IsReadOnly)
            {
                return true;
            }

            if (field.DeclaredAccessibility != Accessibility.Private || field.ContainingType is not { } type)
            {
                return false;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                foreach (var token in reference.GetSyntax().DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == field.Name
                        && token.Parent is IdentifierNameSyntax name && IsWritten(name) && !InConstructorItself(name))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>True when <paramref name="name"/> (alone, or as <c>x.name</c>) is assigned, stepped, or passed by <c>ref</c>/<c>out</c>.</summary>
        private static bool IsWritten(IdentifierNameSyntax name)
        {
            SyntaxNode expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            return expression.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == expression,
                PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
                PostfixUnaryExpressionSyntax => true, // x++, x--, and x! (which a write target may be spelled through)
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                RefExpressionSyntax => true,
                _ => false,
            };
        }

        /// <summary>Inside a constructor's own code, not a lambda or local function it makes (which may run later).</summary>
        private static bool InConstructorItself(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ConstructorDeclarationSyntax:
                        return true;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }
    }
}

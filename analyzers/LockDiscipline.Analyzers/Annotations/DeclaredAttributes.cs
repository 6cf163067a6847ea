using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>
    /// A syntactic look at whether a source symbol's declarations carry any attribute list (on itself,
    /// its return, its parameters or accessors). Asking a symbol for its attributes binds them, on the
    /// analyzer's thread and ahead of the compiler; for the great majority of members, which carry
    /// none, this answers without binding anything.
    /// </summary>
    internal static class DeclaredAttributes
    {
        /// <summary>False only when every declaration of <paramref name="symbol"/> is in source and shows no attribute list.</summary>
        public static bool MayHave(ISymbol symbol)
        {
            var references = symbol.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return true; // metadata, or synthesized (a backing field): only its attributes can tell
            }

            foreach (var reference in references)
            {
                var node = reference.GetSyntax();
                var declaration = node is VariableDeclaratorSyntax ? node.Parent?.Parent : node;
                if (declaration is null)
                {
                    return true;
                }

                if (HasAttributeList(declaration))
                {
                    return true;
                }
            }

            return false;
        }

        // A recursive walk over the child list's struct enumerator: it runs for every method and field of
        // an annotated compilation, where an iterator per declaration was a measurable share of the cost.
        private static bool HasAttributeList(SyntaxNode node)
        {
            if (node is AttributeListSyntax)
            {
                return true;
            }

            if (!DescendIntoDeclaration(node))
            {
                return false;
            }

            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.AsNode() is { } childNode && HasAttributeList(childNode))
                {
                    return true;
                }
            }

            return false;
        }

        // Bodies and initializers hold no attribute of the declaration (a lambda's would be its own).
        private static bool DescendIntoDeclaration(SyntaxNode node) =>
            node is not BlockSyntax and not ArrowExpressionClauseSyntax and not EqualsValueClauseSyntax
                and not TypeSyntax and not BaseListSyntax;
    }
}

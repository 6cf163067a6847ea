using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// Decides from syntax alone whether a body might touch lock discipline itself — take, release or
    /// assert a lock, use a guarded member or a maybe-null handle: if it spells none of the
    /// <see cref="LockRelevantNames"/> and has no <c>lock</c> (nor a <c>new(…)</c> or constructor initializer
    /// where annotated constructors exist, nor a query), its operations are never built (which would bind
    /// the body a second time) and it costs a walk over its syntax. A body that only sleeps or calls
    /// methods of the compilation holds no lock of its own: what callers need of it is summarized on
    /// demand. Conservative by
    /// construction: a name that only looks like a relevant one (<c>list.Add</c> when the compilation
    /// declares an <c>Add</c>) lets the body through to the full analysis, which then finds nothing.
    /// </summary>
    internal static class SyntacticPrefilter
    {
        /// <summary>The <c>.editorconfig</c> key that turns the pre-filter off (<c>false</c>): every body is then analyzed.</summary>
        public const string OptionKey = "lockdiscipline.syntactic_prefilter";

        /// <summary>As <see cref="MayMatter(SyntaxNode, LockRelevantNames)"/>, after the file's <paramref name="screen"/> (which may answer alone).</summary>
        public static bool MayMatter(SyntaxNode root, LockRelevantNames names, TextScreen screen) =>
            screen.MayMatter(root.Span) && MayMatter(root, names);

        public static bool MayMatter(SyntaxNode root, LockRelevantNames names)
        {
            foreach (var part in CodeBlockSyntax.ExecutableParts(root))
            {
                foreach (var node in part.DescendantNodesAndSelf())
                {
                    if (Matters(node, names))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool Matters(SyntaxNode node, LockRelevantNames names)
        {
            switch (node)
            {
                case SimpleNameSyntax name:
                    return names.Contains(name.Identifier.ValueText);
                case LockStatementSyntax:
                case QueryExpressionSyntax:
                    return true;
                case ImplicitObjectCreationExpressionSyntax:
                case ConstructorInitializerSyntax:
                case PrimaryConstructorBaseTypeSyntax:
                    return names.ConstructorsMatter;
                case ElementAccessExpressionSyntax or ElementBindingExpressionSyntax:
                    return names.IndexersMatter;
                case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.CollectionInitializerExpression):
                    return names.Contains("Add"); // the initializer calls Add without spelling it
                case LocalFunctionStatementSyntax { AttributeLists.Count: > 0 }:
                case ParenthesizedLambdaExpressionSyntax { AttributeLists.Count: > 0 }:
                    return true; // an annotated local function or lambda has a contract of its own
                default:
                    return false;
            }
        }
    }
}

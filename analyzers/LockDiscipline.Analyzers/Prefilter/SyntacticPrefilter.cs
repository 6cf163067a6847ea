using System.Collections.Generic;
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
    /// the body a second time) and it costs a look at its syntax where the file's text screen saw something, at most
    /// a walk over it. A body that only sleeps or calls
    /// methods of the compilation holds no lock of its own: what callers need of it is summarized on
    /// demand. Conservative by
    /// construction: a name that only looks like a relevant one (<c>list.Add</c> when the compilation
    /// declares an <c>Add</c>) lets the body through to the full analysis, which then finds nothing.
    /// </summary>
    internal static class SyntacticPrefilter
    {
        /// <summary>The <c>.editorconfig</c> key that turns the pre-filter off (<c>false</c>): every body is then analyzed.</summary>
        public const string OptionKey = "lockdiscipline.syntactic_prefilter";

        /// <summary>
        /// As <see cref="MayMatter(SyntaxNode, LockRelevantNames)"/>, from the file's <paramref name="screen"/>: the
        /// body's syntax is looked at only where the screen saw something inside its executable parts (see
        /// <see cref="MattersAt"/>). It is walked whole where the screen stood aside, and where the body has a syntax
        /// error: there a name can follow another word with nothing between (<c>1Wait</c>, a combining mark before
        /// it), and the screen, which reads characters, sees one longer word and no place for the name.
        /// </summary>
        public static bool MayMatter(SyntaxNode root, LockRelevantNames names, TextScreen screen)
        {
            if (!screen.MayMatter(root.Span))
            {
                return false;
            }

            if (screen.StoodAside || root.ContainsDiagnostics)
            {
                return MayMatter(root, names);
            }

            var hits = t_hits ??= new List<int>();
            foreach (var part in CodeBlockSyntax.ExecutableParts(root))
            {
                screen.HitsIn(part.Span, hits);
                foreach (var at in hits)
                {
                    if (MattersAt(root, at, names) is { } node && part.Span.Contains(node.Span))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        [System.ThreadStatic]
        private static List<int>? t_hits;

        /// <summary>
        /// The node at a place the screen saw that <see cref="Matters"/> says yes to, or null. Each such node has a
        /// token that starts at one of the screen's places, one or two levels below it: a relevant name (the name
        /// itself), <c>lock</c> (the statement), <c>from</c> (its clause, under the query), the <c>[</c> of an element
        /// access (its argument list) or of an attribute on a local function or lambda (the attribute list), and the
        /// <c>{</c> of a collection initializer. A place inside a comment, a string or other trivia starts no token, and
        /// the walk does not look there either.
        /// </summary>
        private static SyntaxNode? MattersAt(SyntaxNode root, int at, LockRelevantNames names)
        {
            var token = root.FindToken(at);
            if (token.SpanStart != at && !(token.SpanStart == at - 1 && token.Text.StartsWith("@", System.StringComparison.Ordinal)))
            {
                return null; // @name: the screen's word starts after the '@'
            }

            var parent = token.Parent;
            if (parent is null)
            {
                return null;
            }

            if (Matters(parent, names))
            {
                return parent;
            }

            return parent.Parent is { } grandparent && Matters(grandparent, names) ? grandparent : null;
        }

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

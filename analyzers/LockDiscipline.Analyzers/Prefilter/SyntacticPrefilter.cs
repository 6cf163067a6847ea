using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// Decides from syntax alone whether a body might touch a lock, sleep, handle or call into the
    /// compilation: if it spells none of the <see cref="LockRelevantNames"/> and has no <c>lock</c>,
    /// <c>await</c>, <c>new(…)</c>, constructor initializer or query, its operations are never built
    /// (which would bind the body a second time) and it costs a walk over its syntax. Conservative by
    /// construction: a name that only looks like a relevant one (<c>list.Add</c> when the compilation
    /// declares an <c>Add</c>) lets the body through to the full analysis, which then finds nothing.
    /// </summary>
    internal static class SyntacticPrefilter
    {
        /// <summary>The <c>.editorconfig</c> key that turns the pre-filter off (<c>false</c>): every body is then analyzed.</summary>
        public const string OptionKey = "lockdiscipline.syntactic_prefilter";

        /// <param name="extraSleepers">The simple names of the user's might-sleep list (<see cref="SimpleNames"/>).</param>
        public static bool MayMatter(SyntaxNode root, LockRelevantNames names, ImmutableHashSet<string> extraSleepers)
        {
            foreach (var part in CodeBlockSyntax.ExecutableParts(root))
            {
                foreach (var node in part.DescendantNodesAndSelf())
                {
                    if (Matters(node, names, extraSleepers))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool Matters(SyntaxNode node, LockRelevantNames names, ImmutableHashSet<string> extraSleepers)
        {
            switch (node)
            {
                case SimpleNameSyntax name:
                    var text = name.Identifier.ValueText;
                    return names.Contains(text) || extraSleepers.Contains(text);
                case LockStatementSyntax:
                case AwaitExpressionSyntax:
                case ImplicitObjectCreationExpressionSyntax:
                case ConstructorInitializerSyntax:
                case PrimaryConstructorBaseTypeSyntax:
                case QueryExpressionSyntax:
                    return true;
                case CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 }:
                case UsingStatementSyntax { AwaitKeyword.RawKind: not 0 }:
                case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 }:
                    return true;
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

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ImmutableHashSet<string>, ImmutableHashSet<string>> SimpleNamesOf =
            new System.Runtime.CompilerServices.ConditionalWeakTable<ImmutableHashSet<string>, ImmutableHashSet<string>>();

        /// <summary>
        /// The user's might-sleep list holds full names (<c>Ns.Type.Method</c>); a body can only spell the
        /// last part. Worked out once per list (the services keep one set per option text), not per name.
        /// </summary>
        public static ImmutableHashSet<string> SimpleNames(ImmutableHashSet<string> fullNames) =>
            fullNames.IsEmpty
                ? fullNames
                : SimpleNamesOf.GetValue(fullNames, full => full.Select(n => n.Substring(n.LastIndexOf('.') + 1)).ToImmutableHashSet(System.StringComparer.Ordinal));
    }
}

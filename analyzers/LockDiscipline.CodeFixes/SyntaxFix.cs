using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockDiscipline.CodeFixes
{
    /// <summary>
    /// One fix, planned on the document as analyzed (where the semantic questions are answered) and
    /// applied as a syntax rewrite of <see cref="Target"/> wherever that node is by then. Fix All
    /// plans every diagnostic of a document first and then applies the rewrites one after another,
    /// each finding its node again by annotation, so that fixes in one block or one statement
    /// compose instead of conflicting.
    /// </summary>
    internal sealed class SyntaxFix
    {
        public SyntaxFix(string title, SyntaxNode target, Func<SyntaxNode, SyntaxNode, SyntaxNode> apply)
        {
            Title = title;
            Target = target;
            Apply = apply;
        }

        public string Title { get; }

        /// <summary>The node the rewrite starts from, in the analyzed document.</summary>
        public SyntaxNode Target { get; }

        /// <summary>Given the current root and the target's current node, the new root.</summary>
        public Func<SyntaxNode, SyntaxNode, SyntaxNode> Apply { get; }

        public delegate Task<SyntaxFix?> Planner(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken);

        /// <summary>Registers the light bulb for the first diagnostic of <paramref name="context"/> that has a fix.</summary>
        public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey, Planner plan)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (await plan(context.Document, root, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } fix)
                {
                    var document = context.Document;
                    context.RegisterCodeFix(
                        CodeAction.Create(fix.Title, _ => Task.FromResult(document.WithSyntaxRoot(fix.Apply(root, fix.Target))), equivalenceKey),
                        diagnostic);
                    return;
                }
            }
        }

        /// <summary>Fix All in document, project and solution: every diagnostic that has a fix, in one pass per document; one without is skipped.</summary>
        public static FixAllProvider FixAll(Planner plan) =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (root is null || diagnostics.IsEmpty)
                {
                    return document;
                }

                var fixes = new List<(SyntaxFix Fix, SyntaxAnnotation Mark)>();
                foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
                {
                    if (await plan(document, root, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } fix)
                    {
                        fixes.Add((fix, new SyntaxAnnotation("LockDiscipline.FixAll")));
                    }
                }

                if (fixes.Count == 0)
                {
                    return document;
                }

                var marks = fixes.GroupBy(f => f.Fix.Target).ToDictionary(g => g.Key, g => g.Select(f => f.Mark).ToArray());
                var current = root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original]));
                foreach (var (fix, mark) in fixes)
                {
                    // A node an earlier fix removed has nothing left to fix.
                    if (current.GetAnnotatedNodes(mark).FirstOrDefault() is { } target)
                    {
                        current = fix.Apply(current, target);
                    }
                }

                return document.WithSyntaxRoot(current);
            });
    }
}

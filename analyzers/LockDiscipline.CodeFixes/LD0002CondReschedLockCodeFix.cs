using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.CodeFixes
{
    /// <summary>
    /// LD0002: when exactly one spin lock is held across a <c>cond_resched()</c>-style call and the
    /// callee's type declares a <c>[MayDrop]</c> sibling that takes that lock
    /// (<c>CondResched()</c> → <c>CondReschedLock(l)</c>), calls the sibling with the held lock — the
    /// patch's own fix in <c>try_to_unmap_file</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LD0002CondReschedLockCodeFix)), Shared]
    public sealed class LD0002CondReschedLockCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("LD0002");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.KeptLocks, out var kept) || kept != "1"
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.Lock, out var lockText) || string.IsNullOrEmpty(lockText))
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation)
            {
                return;
            }

            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model?.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol callee
                || FindSibling(callee) is not { } sibling)
            {
                return;
            }

            var renamed = invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => (ExpressionSyntax)access.WithName(SyntaxFactory.IdentifierName(sibling.Name)),
                IdentifierNameSyntax => SyntaxFactory.IdentifierName(sibling.Name),
                _ => null,
            };
            if (renamed is null)
            {
                return;
            }

            var fixedCall = invocation
                .WithExpression(renamed)
                .WithArgumentList(invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(lockText!))));
            context.RegisterCodeFix(
                CodeAction.Create($"Call '{sibling.Name}({lockText})', which drops the lock around the sleep",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, fixedCall))),
                    nameof(LD0002CondReschedLockCodeFix)),
                diagnostic);
        }

        /// <summary>A method of the callee's type named after it, taking one more parameter, that it declares it may drop.</summary>
        private static IMethodSymbol? FindSibling(IMethodSymbol callee) =>
            callee.ContainingType?.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.Name != callee.Name
                && m.Name.StartsWith(callee.Name, System.StringComparison.Ordinal)
                && m.IsStatic == callee.IsStatic
                && m.Parameters.Length == callee.Parameters.Length + 1
                && m.GetAttributes().Any(a => a.AttributeClass?.Name == "MayDropAttribute"
                    && a.ConstructorArguments.SelectMany(c => c.Kind == TypedConstantKind.Array ? c.Values : ImmutableArray.Create(c))
                        .Any(v => v.Value as string == m.Parameters[m.Parameters.Length - 1].Name)));
    }
}

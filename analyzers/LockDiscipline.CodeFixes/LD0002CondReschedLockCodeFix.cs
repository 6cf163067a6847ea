using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Rules;
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
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SleepUnderSpinLock);

        public override FixAllProvider GetFixAllProvider() => SyntaxFix.FixAll(PlanAsync);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            SyntaxFix.RegisterAsync(context, nameof(LD0002CondReschedLockCodeFix), PlanAsync);

        private static async Task<SyntaxFix?> PlanAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.Id != RuleIds.SleepUnderSpinLock
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.KeptLocks, out var kept) || kept != "1"
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.Lock, out var lockText) || string.IsNullOrEmpty(lockText)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || invocation.Expression is not (MemberAccessExpressionSyntax or IdentifierNameSyntax))
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model?.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol callee
                || FindSibling(callee) is not { } sibling)
            {
                return null;
            }

            return new SyntaxFix(
                $"Call '{sibling.Name}({lockText})', which drops the lock around the sleep",
                invocation,
                (current, target) => current.ReplaceNode(target, Rewrite((InvocationExpressionSyntax)target, sibling.Name, lockText!)));
        }

        private static InvocationExpressionSyntax Rewrite(InvocationExpressionSyntax invocation, string sibling, string lockText)
        {
            ExpressionSyntax renamed = invocation.Expression is MemberAccessExpressionSyntax access
                ? access.WithName(SyntaxFactory.IdentifierName(sibling))
                : SyntaxFactory.IdentifierName(sibling).WithTriviaFrom(invocation.Expression);
            return invocation
                .WithExpression(renamed)
                .WithArgumentList(invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(lockText))));
        }

        /// <summary>A method of the callee's type named after it, taking one more parameter, that it declares it may drop.</summary>
        private static IMethodSymbol? FindSibling(IMethodSymbol callee) =>
            callee.ContainingType?.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.Name != callee.Name
                && m.Name.StartsWith(callee.Name, System.StringComparison.Ordinal)
                && m.IsStatic == callee.IsStatic
                && m.Parameters.Length == callee.Parameters.Length + 1
                && m.GetAttributes().Any(a => AttributeNames.Is(a, AttributeNames.MayDrop)
                    && a.ConstructorArguments.SelectMany(c => c.Kind == TypedConstantKind.Array ? c.Values : ImmutableArray.Create(c))
                        .Any(v => v.Value as string == m.Parameters[m.Parameters.Length - 1].Name)));
    }
}

using System.Collections.Immutable;
using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Rules;

namespace LockDiscipline.CodeFixes
{
    /// <summary>
    /// LD0001: the patch's "trylock and perhaps reorder locks on the way back" —
    /// <c>a.Lock();</c> under <c>b</c> becomes <c>if (!a.TryLock()) { b.Unlock(); a.Lock(); b.Lock(); }</c>. Offered
    /// when the lock types name their try-acquire (<c>[TryAcquires(true)]</c>), release (<c>[Releases]</c>) and
    /// acquire (<c>[Acquires]</c>) methods, each taking nothing.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LD0001TryLockAndReorderCodeFix)), Shared]
    public sealed class LD0001TryLockAndReorderCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.LockOrder);

        public override FixAllProvider GetFixAllProvider() => SyntaxFix.FixAll(PlanAsync);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            SyntaxFix.RegisterAsync(context, nameof(LD0001TryLockAndReorderCodeFix), PlanAsync);

        private static async Task<SyntaxFix?> PlanAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.Id != RuleIds.LockOrder
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.LaterLocks, out var laterText) || string.IsNullOrEmpty(laterText)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } acquire
                || acquire.Parent is not ExpressionStatementSyntax statement
                || statement.Parent is not (BlockSyntax or SwitchSectionSyntax)
                || acquire.Expression is not MemberAccessExpressionSyntax access
                || acquire.ArgumentList.Arguments.Count > 0)
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var lockType = model?.GetTypeInfo(access.Expression, cancellationToken).Type;
            if (model is null || MethodWith(lockType, AttributeNames.TryAcquires) is not { } tryLock)
            {
                return null;
            }

            var later = laterText!.Split(';');
            var releases = new StatementSyntax[later.Length];
            var retakes = new StatementSyntax[later.Length];
            for (var i = 0; i < later.Length; i++)
            {
                var expression = SyntaxFactory.ParseExpression(later[i]);
                var type = model.GetSpeculativeTypeInfo(statement.SpanStart, expression, SpeculativeBindingOption.BindAsExpression).Type;
                if (MethodWith(type, AttributeNames.Releases) is not { } unlock || MethodWith(type, AttributeNames.Acquires) is not { } relock)
                {
                    return null;
                }

                releases[later.Length - 1 - i] = Call(later[i], unlock);
                retakes[i] = Call(later[i], relock);
            }

            var receiver = access.Expression.ToString();
            return new SyntaxFix(
                $"Try-lock '{receiver}', and reorder on failure",
                statement,
                (current, target) => Rewrite(current, (ExpressionStatementSyntax)target, receiver, tryLock, releases, retakes));
        }

        /// <summary>The lock type's method marked <paramref name="attribute"/> with no lock expression and no parameters.</summary>
        private static string? MethodWith(ITypeSymbol? type, string attribute) =>
            type?.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.All(p => p.IsOptional)
                && m.GetAttributes().Any(a => AttributeNames.Is(a, attribute)
                    && a.ConstructorArguments.All(arg => arg.Kind != TypedConstantKind.Array || arg.Values.IsEmpty)
                    && (attribute != AttributeNames.TryAcquires || a.ConstructorArguments.FirstOrDefault().Value is true)))?.Name;

        private static StatementSyntax Call(string receiver, string method) =>
            SyntaxFactory.ParseStatement($"{receiver}.{method}();");

        private static SyntaxNode Rewrite(SyntaxNode root, ExpressionStatementSyntax statement, string receiver, string tryLock,
            StatementSyntax[] releases, StatementSyntax[] retakes)
        {
            var body = releases.Append(statement.WithoutTrivia()).Concat(retakes)
                .Select(line => line.WithTrailingTrivia(SyntaxFactory.ElasticLineFeed));
            var guarded = SyntaxFactory.IfStatement(
                    SyntaxFactory.ParseExpression($"!{receiver}.{tryLock}()"),
                    SyntaxFactory.Block(body))
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(statement.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            return root.ReplaceNode(statement, guarded);
        }
    }
}

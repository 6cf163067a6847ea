using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Formatting;

namespace LockDiscipline.CodeFixes
{
    /// <summary>
    /// LD0003: wraps the statement that passes a maybe-null handle in a check of that handle:
    /// <c>if (!dst.IsNull) PteUnmap(dst);</c> for a struct handle, <c>!= null</c> for references and
    /// <c>Nullable&lt;T&gt;</c>, <c>!= default</c> for pointers and <c>nint</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LD0003NullHandleCodeFix)), Shared]
    public sealed class LD0003NullHandleCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NullHandle);

        public override FixAllProvider GetFixAllProvider() => SyntaxFix.FixAll(PlanAsync);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            SyntaxFix.RegisterAsync(context, nameof(LD0003NullHandleCodeFix), PlanAsync);

        private static async Task<SyntaxFix?> PlanAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.Id != RuleIds.NullHandle
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax handle
                || handle.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax statement
                || !CanWrap(statement))
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var type = model?.GetTypeInfo(handle, cancellationToken).Type;
            if (type is null || NonNullTest(handle, type) is not { } test)
            {
                return null;
            }

            // The statement is the target, so that two handles of one statement wrap it twice, not collide.
            return new SyntaxFix($"Check '{handle}' before use", statement,
                (current, target) => CanWrap((StatementSyntax)target) ? Wrap(current, (StatementSyntax)target, test) : current);
        }

        private static bool CanWrap(StatementSyntax statement) =>
            statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax or IfStatementSyntax or ElseClauseSyntax
                or ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax;

        /// <summary>The condition that is true when the handle is not null.</summary>
        private static ExpressionSyntax? NonNullTest(ExpressionSyntax handle, ITypeSymbol type)
        {
            var operand = handle.WithoutTrivia();
            if (type.IsValueType && Handles.HasIsNullProperty(type))
            {
                return SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression,
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesize(operand), SyntaxFactory.IdentifierName("IsNull")));
            }

            ExpressionSyntax none = type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
                ? SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression)
                : type.TypeKind == TypeKind.Pointer || type.SpecialType == SpecialType.System_IntPtr
                    ? SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression, SyntaxFactory.Token(SyntaxKind.DefaultKeyword))
                    : null!;
            return none is null ? null : SyntaxFactory.BinaryExpression(SyntaxKind.NotEqualsExpression, operand, none);
        }

        private static ExpressionSyntax Parenthesize(ExpressionSyntax e) =>
            e is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                ? e
                : SyntaxFactory.ParenthesizedExpression(e);

        private static SyntaxNode Wrap(SyntaxNode root, StatementSyntax statement, ExpressionSyntax test)
        {
            var guarded = SyntaxFactory.IfStatement(test, SyntaxFactory.Block(statement.WithoutLeadingTrivia().WithoutTrailingTrivia()))
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(statement.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            return root.ReplaceNode(statement, guarded);
        }
    }
}

using System.Collections.Immutable;
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
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("LD0003");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax handle
                || handle.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax statement
                || statement.Parent is not (BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax or IfStatementSyntax or ElseClauseSyntax
                    or ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax))
            {
                return;
            }

            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            var type = model?.GetTypeInfo(handle, context.CancellationToken).Type;
            if (type is null || NonNullTest(handle, type) is not { } test)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Check '{handle}' before use", ct => WrapAsync(context.Document, root, statement, test, ct), nameof(LD0003NullHandleCodeFix)),
                context.Diagnostics);
        }

        /// <summary>The condition that is true when the handle is not null.</summary>
        private static ExpressionSyntax? NonNullTest(ExpressionSyntax handle, ITypeSymbol type)
        {
            var operand = handle.WithoutTrivia();
            if (type.IsValueType && type.GetMembers("IsNull").OfType<IPropertySymbol>().Any(p => p.Type.SpecialType == SpecialType.System_Boolean))
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

        private static Task<Document> WrapAsync(Document document, SyntaxNode root, ExpressionStatementSyntax statement, ExpressionSyntax test, CancellationToken cancellationToken)
        {
            var guarded = SyntaxFactory.IfStatement(test, SyntaxFactory.Block(statement.WithoutLeadingTrivia().WithoutTrailingTrivia()))
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(statement.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(statement, guarded)));
        }
    }
}

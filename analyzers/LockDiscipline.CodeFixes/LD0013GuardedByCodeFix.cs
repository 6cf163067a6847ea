using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.CodeFixes
{
    /// <summary>
    /// LD0013: says what the code already mostly does, by marking the member with the lock inferred for it,
    /// <c>[GuardedBy("_gate")]</c> (with <c>using LockDiscipline;</c> if the file lacks it). From then on every
    /// access without the lock is LD0008's, the unguarded one included: the fix documents the guard, and the
    /// build keeps pointing at the access until the lock is taken there. Offered when the member is declared
    /// in the same file, alone in its declaration.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LD0013GuardedByCodeFix)), Shared]
    public sealed class LD0013GuardedByCodeFix : CodeFixProvider
    {
        private static readonly string AttributeName = AttributeNames.Spelled(AttributeNames.GuardedBy);

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InconsistentSynchronization);

        public override FixAllProvider GetFixAllProvider() => SyntaxFix.FixAll(PlanAsync);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            SyntaxFix.RegisterAsync(context, nameof(LD0013GuardedByCodeFix), PlanAsync);

        private static async Task<SyntaxFix?> PlanAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.Id != RuleIds.InconsistentSynchronization
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.Lock, out var guard) || string.IsNullOrEmpty(guard)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax reference)
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var member = model?.GetSymbolInfo(reference, cancellationToken).Symbol;
            if (member is not (IFieldSymbol or IPropertySymbol)
                || member.DeclaringSyntaxReferences.FirstOrDefault(r => r.SyntaxTree == root.SyntaxTree) is not { } declared
                || Declaration(declared.GetSyntax(cancellationToken)) is not { } declaration)
            {
                return null;
            }

            return new SyntaxFix($"Mark '{member.Name}' [GuardedBy(\"{guard}\")]", declaration,
                (current, target) => Apply(current, (MemberDeclarationSyntax)target, guard!));
        }

        /// <summary>The declaration to mark: a property, or a field declaration that declares only this field.</summary>
        private static MemberDeclarationSyntax? Declaration(SyntaxNode declared) => declared switch
        {
            PropertyDeclarationSyntax property => property,
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax field } } => field,
            _ => null,
        };

        private static SyntaxNode Apply(SyntaxNode root, MemberDeclarationSyntax declaration, string guard)
        {
            // Fix All may reach one member from several accesses: it is marked once.
            if (declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a => IsGuardedBy(a.Name)))
            {
                return root;
            }

            var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.IdentifierName(AttributeName), SyntaxFactory.AttributeArgumentList(
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(guard))))))));

            // The attribute goes on the member's own line, where the token after any other attributes began.
            var next = declaration.AttributeLists.Count == 0
                ? declaration.GetFirstToken()
                : declaration.AttributeLists.Last().GetLastToken().GetNextToken();
            var marked = declaration
                .ReplaceToken(next, next.WithLeadingTrivia())
                .AddAttributeLists(attribute.WithLeadingTrivia(next.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space));
            var rewritten = root.ReplaceNode(declaration, marked);
            return rewritten is CompilationUnitSyntax unit ? AttributeEdit.WithUsing(unit) : rewritten;
        }

        private static bool IsGuardedBy(NameSyntax name)
        {
            var text = name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText : (name as IdentifierNameSyntax)?.Identifier.ValueText;
            return text == AttributeName || text == AttributeNames.GuardedBy;
        }
    }
}

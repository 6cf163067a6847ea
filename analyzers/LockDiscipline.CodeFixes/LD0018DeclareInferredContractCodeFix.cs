using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.CodeFixes
{
    /// <summary>
    /// LD0018: writes the lock contract inferred for a wrapper as attributes (<c>[Acquires("_gate")]</c>,
    /// <c>[TryAcquires(true, "_gate")]</c>, <c>[Releases("_gate")]</c>, …), so that it is stated where readers
    /// and other assemblies see it. Not offered when the compilation cannot resolve the attributes.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LD0018DeclareInferredContractCodeFix)), Shared]
    public sealed class LD0018DeclareInferredContractCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InferredContract);

        public override FixAllProvider GetFixAllProvider() => SyntaxFix.FixAll(PlanAsync);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            SyntaxFix.RegisterAsync(context, nameof(LD0018DeclareInferredContractCodeFix), PlanAsync);

        private static async Task<SyntaxFix?> PlanAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.Id != RuleIds.InferredContract
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.Attributes, out var text) || string.IsNullOrEmpty(text)
                || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
            {
                return null;
            }

            var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null || !AttributeEdit.Available(compilation, AttributeNames.Acquires))
            {
                return null;
            }

            var attributes = text!.Split('\n');
            return new SyntaxFix("Declare the inferred contract: [" + string.Join("], [", attributes) + "]", method,
                (current, target) => AttributeEdit.Add(current, (MemberDeclarationSyntax)target, attributes));
        }
    }
}

using System.Collections.Generic;
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
    /// LD0004: releases the lock on every path, the usual way — the statements after the acquisition
    /// go into a <c>try</c>, the release into its <c>finally</c>, and the releases those statements made
    /// themselves are removed (the <c>finally</c> now makes them). Offered when the release is known: the
    /// lock type's <c>[Releases]</c> method with no arguments, or .NET's own pair (<c>Monitor.Enter(x)</c> →
    /// <c>Monitor.Exit(x)</c>, <c>EnterReadLock</c> → <c>ExitReadLock</c>, <c>WaitOne</c> → <c>ReleaseMutex</c>, …).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LD0004ReleaseInFinallyCodeFix)), Shared]
    public sealed class LD0004ReleaseInFinallyCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HeldAtExit);

        public override FixAllProvider GetFixAllProvider() => SyntaxFix.FixAll(PlanAsync);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            SyntaxFix.RegisterAsync(context, nameof(LD0004ReleaseInFinallyCodeFix), PlanAsync);

        private static async Task<SyntaxFix?> PlanAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.Id != RuleIds.HeldAtExit
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } acquire
                || acquire.Parent is not ExpressionStatementSyntax statement
                || statement.Parent is not BlockSyntax)
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model?.GetSymbolInfo(acquire, cancellationToken).Symbol is not IMethodSymbol method
                || ReleaseOf(acquire, method) is not { } release)
            {
                return null;
            }

            return new SyntaxFix($"Release in a finally: '{release}'", statement,
                (current, target) => target.Parent is BlockSyntax block ? Rewrite(current, block, (ExpressionStatementSyntax)target, release) : current);
        }

        /// <summary>The call that releases what <paramref name="acquire"/> took, or null when it is not known.</summary>
        private static ExpressionSyntax? ReleaseOf(InvocationExpressionSyntax acquire, IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return null;
            }

            if (type.Name == "Monitor" && method.Name == "Enter" && acquire.ArgumentList.Arguments.Count == 1)
            {
                return SyntaxFactory.ParseExpression($"{Receiver(acquire) ?? "System.Threading.Monitor"}.Exit({acquire.ArgumentList.Arguments[0]})");
            }

            if (acquire.Expression is not MemberAccessExpressionSyntax access)
            {
                return null;
            }

            if (type.ContainingNamespace?.ToDisplayString() == "System.Threading"
                && BuiltInContracts.ReleaseOf(type.Name, method.Name) is { } dotNetRelease && method.Parameters.IsEmpty)
            {
                return SyntaxFactory.ParseExpression($"{access.Expression}.{dotNetRelease}()");
            }

            // An annotated lock type: its [Releases] method that takes nothing.
            var releases = type.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.Parameters.All(p => p.IsOptional)
                && m.GetAttributes().Any(a => AttributeNames.Is(a, AttributeNames.Releases)
                    && a.ConstructorArguments.All(c => c.Kind == TypedConstantKind.Array && c.Values.IsEmpty)));
            return releases is null || method.Parameters.Any(p => !p.IsOptional)
                ? null
                : SyntaxFactory.ParseExpression($"{access.Expression}.{releases.Name}()");
        }

        private static string? Receiver(InvocationExpressionSyntax acquire) =>
            acquire.Expression is MemberAccessExpressionSyntax access ? access.Expression.ToString() : null;

        private static SyntaxNode Rewrite(SyntaxNode root, BlockSyntax block, ExpressionStatementSyntax acquire, ExpressionSyntax release)
        {
            var index = block.Statements.IndexOf(acquire);
            var releaseText = Normalize(release.ToString());
            var rest = block.Statements.Skip(index + 1).ToList();

            // The releases the rest made itself: the finally makes them now.
            var body = new List<StatementSyntax>();
            foreach (var statement in rest)
            {
                var redundant = statement.DescendantNodesAndSelf().OfType<ExpressionStatementSyntax>()
                    .Where(s => Normalize(s.Expression.ToString()) == releaseText).ToList();
                if (statement is ExpressionStatementSyntax && redundant.Contains(statement))
                {
                    continue;
                }

                body.Add(redundant.Count == 0 ? statement : WithoutReleases(statement, redundant));
            }

            var tryStatement = SyntaxFactory.TryStatement(
                    SyntaxFactory.Block(body),
                    default,
                    SyntaxFactory.FinallyClause(SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(release))))
                .WithAdditionalAnnotations(Formatter.Annotation);
            var statements = block.Statements.Take(index + 1).Append(tryStatement);
            var fixedBlock = block.WithStatements(SyntaxFactory.List(statements)).WithAdditionalAnnotations(Formatter.Annotation);
            return root.ReplaceNode(block, fixedBlock);
        }

        /// <summary>Removes the release statements from <paramref name="statement"/>; one that is the whole body of an <c>if</c> or a loop becomes <c>{ }</c>.</summary>
        private static StatementSyntax WithoutReleases(StatementSyntax statement, List<ExpressionStatementSyntax> releases)
        {
            var embedded = releases.Where(r => r.Parent is not BlockSyntax).ToList();
            var tracked = statement.TrackNodes(releases);
            tracked = tracked.ReplaceNodes(embedded.Select(e => tracked.GetCurrentNode(e)!), (_, __) => SyntaxFactory.Block());
            var inBlocks = releases.Except(embedded).Select(r => tracked.GetCurrentNode(r)!).ToList();
            return inBlocks.Count == 0 ? tracked : tracked.RemoveNodes(inBlocks, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        private static string Normalize(string code) => new string(code.Where(c => !char.IsWhiteSpace(c)).ToArray());
    }
}

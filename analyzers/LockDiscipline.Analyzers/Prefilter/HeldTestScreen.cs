using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// Tests of whether the calling thread holds a lock, read from syntax: by name (<c>Monitor.IsEntered</c>,
    /// <c>IsWriteLockHeld</c>, …), and a member whose whole body returns one (<c>bool HeldByMe =&gt; Monitor.IsEntered(_gate);</c>),
    /// which the pre-filter counts among the names that touch locks and the contract inference reads as that test.
    /// </summary>
    internal static class HeldTestScreen
    {
        private static readonly ImmutableHashSet<string> HeldQueries = ImmutableHashSet.Create(
            "IsEntered", "IsHeld", "IsHeldByCurrentThread", "IsReadLockHeld", "IsWriteLockHeld", "IsUpgradeableReadLockHeld");

        /// <summary>The name asks whether the calling thread holds a lock.</summary>
        public static bool IsHeldQuery(string name) => HeldQueries.Contains(name);

        /// <summary>
        /// The held test a method, getter or property declaration returns as its whole body (<c>=&gt; x.IsEntered(o)</c>,
        /// <c>{ return Monitor.IsEntered(o); }</c>), parentheses removed; null for any other body.
        /// </summary>
        public static ExpressionSyntax? ReturnedTest(SyntaxNode declaration)
        {
            var returned = declaration switch
            {
                MethodDeclarationSyntax m => Returned(m.ExpressionBody, m.Body),
                AccessorDeclarationSyntax a => Returned(a.ExpressionBody, a.Body),
                ArrowExpressionClauseSyntax arrow => arrow.Expression,
                PropertyDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
                PropertyDeclarationSyntax { AccessorList.Accessors: { Count: 1 } accessors } when accessors[0].Keyword.ValueText == "get" =>
                    Returned(accessors[0].ExpressionBody, accessors[0].Body),
                _ => null,
            };
            while (returned is ParenthesizedExpressionSyntax parenthesized)
            {
                returned = parenthesized.Expression;
            }

            return NameAsked(returned) is { } name && IsHeldQuery(name) ? returned : null;
        }

        private static ExpressionSyntax? Returned(ArrowExpressionClauseSyntax? arrow, BlockSyntax? body) =>
            arrow?.Expression ?? (body is { Statements.Count: 1 } && body.Statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null);

        private static string? NameAsked(ExpressionSyntax? expression) => expression switch
        {
            InvocationExpressionSyntax call => NameAsked(call.Expression),
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax name => name.Identifier.ValueText,
            _ => null,
        };
    }
}

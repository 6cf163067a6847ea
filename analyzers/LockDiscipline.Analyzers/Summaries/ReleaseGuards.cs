using System.Collections.Generic;
using System.Collections.Immutable;
using LockDiscipline.Analyzers.Prefilter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// What a release helper's text says about when it releases, read by the contract inference: a release that only runs
    /// while the lock is still held (<see cref="ContractInference"/>'s "release only if held") is guarded by a test of it.
    /// </summary>
    internal static class ReleaseGuards
    {
        /// <summary>
        /// True when a release of the body is guarded by a test of whether it still holds the lock: a test of the lock's own
        /// state (<c>if (_rw.IsReadLockHeld) _rw.ExitReadLock();</c>, <c>IsEntered</c>, <c>IsHeldByCurrentThread</c>), or of a
        /// count or flag that the release's branch itself updates (<c>if (_owned > 0) { _owned--; m.ReleaseMutex(); }</c>,
        /// or <c>if (_owned == 0) return; _owned--; …</c>). What makes a release "only if held" rather than a release skipped on
        /// an unrelated early exit (<c>if (_disposed) return; Monitor.Exit(_sync);</c>, which is still a release).
        /// </summary>
        public static bool GuardedByAHeldTest(SyntaxNode root)
        {
            foreach (var part in CodeBlockSyntax.ExecutableParts(root))
            {
                foreach (var token in part.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && WrapperScreen.ReleaseNames.Contains(token.ValueText) && GuardedByHeldTest(token, part))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool GuardedByHeldTest(SyntaxToken release, SyntaxNode part)
        {
            for (var node = release.Parent; node is not null && node != part; node = node.Parent)
            {
                // if (test) { … release … }
                if (node.Parent is IfStatementSyntax enclosing && enclosing.Statement == node && TestsHeld(enclosing.Condition, node))
                {
                    return true;
                }

                // if (test) return; … release …
                if (node is StatementSyntax statement && statement.Parent is BlockSyntax block)
                {
                    var index = block.Statements.IndexOf(statement);
                    for (var i = 0; i < index; i++)
                    {
                        if (block.Statements[i] is IfStatementSyntax exit && exit.Statement is ReturnStatementSyntax or BlockSyntax { Statements: { Count: 1 } } && LeavesAtOnce(exit.Statement)
                            && TestsHeld(exit.Condition, block))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool LeavesAtOnce(StatementSyntax statement) =>
            statement is ReturnStatementSyntax || (statement is BlockSyntax block && block.Statements[0] is ReturnStatementSyntax);


        /// <summary>The condition asks whether the lock is held, or reads a name that <paramref name="branch"/> writes.</summary>
        private static bool TestsHeld(ExpressionSyntax condition, SyntaxNode branch)
        {
            HashSet<string>? read = null;
            foreach (var token in condition.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    if (HeldTestScreen.IsHeldQuery(token.ValueText))
                    {
                        return true;
                    }

                    (read ??= new HashSet<string>(System.StringComparer.Ordinal)).Add(token.ValueText);
                }
            }

            if (read is null)
            {
                return false;
            }

            foreach (var node in branch.DescendantNodes())
            {
                var written = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreDecrementExpression) || prefix.IsKind(SyntaxKind.PreIncrementExpression) => prefix.Operand,
                    PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostDecrementExpression) || postfix.IsKind(SyntaxKind.PostIncrementExpression) => postfix.Operand,
                    _ => null,
                };
                if (written is not null && read.Contains(RightmostName(written)))
                {
                    return true;
                }
            }

            return false;
        }

        private static string RightmostName(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax name => name.Identifier.ValueText,
            _ => "",
        };
    }
}

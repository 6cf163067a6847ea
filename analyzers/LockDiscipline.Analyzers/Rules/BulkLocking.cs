using System.Linq;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// Locking every element of a collection — <c>foreach (var s in stripes) Monitor.Enter(s);</c> and the
    /// matching release loop, the lock-striping idiom — names a different lock each iteration through one
    /// variable. The analysis tracks locks by name, not by element: at the loop head a lock "held" under
    /// that name is the previous element's, and a release loop releases elements taken elsewhere. So a lock
    /// named by a <c>foreach</c> variable (or by a local a <c>for</c> loop takes by its index) is not reported for differing at the loop head (LD0007) or for
    /// being released unheld (LD0006); a path that leaves the loop or the method still holding it by name
    /// (an early return inside the loop) is still LD0004.
    /// </summary>
    internal static class BulkLocking
    {
        public static bool NamedByIterationVariable(LockPath path) =>
            path.RootKind == LockRootKind.Local && path.Root is ILocalSymbol local && (local.IsForEach || TakenByTheLoopsIndex(local));

        /// <summary>
        /// A local declared in a <c>for</c> loop's body from an expression of the loop's own variable
        /// (<c>var slot = slots[i];</c>, <c>var state = pool.StateAt(i);</c>): an element of its own each iteration, as a
        /// <c>foreach</c> variable is. One taken from anything else may be the same object each time round.
        /// </summary>
        private static bool TakenByTheLoopsIndex(ILocalSymbol local)
        {
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
                    && declarator.FirstAncestorOrSelf<ForStatementSyntax>() is { Declaration: { } loopVariables } loop
                    && loop.Statement.Span.Contains(declarator.Span))
                {
                    foreach (var name in value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                    {
                        if (loopVariables.Variables.Any(v => v.Identifier.ValueText == name.Identifier.ValueText))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}

using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// Locking every element of a collection — <c>foreach (var s in stripes) Monitor.Enter(s);</c> and the
    /// matching release loop, the lock-striping idiom — names a different lock each iteration through one
    /// variable. The analysis tracks locks by name, not by element: at the loop head a lock "held" under
    /// that name is the previous element's, and a release loop releases elements taken elsewhere. So a lock
    /// named by a <c>foreach</c> variable is not reported for differing at the loop head (LD0007) or for
    /// being released unheld (LD0006); a path that leaves the loop or the method still holding it by name
    /// (an early return inside the loop) is still LD0004.
    /// </summary>
    internal static class BulkLocking
    {
        public static bool NamedByIterationVariable(LockPath path) =>
            path.RootKind == LockRootKind.Local && path.Root is ILocalSymbol { IsForEach: true };
    }
}

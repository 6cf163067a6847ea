using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Sites
{
    /// <summary>
    /// One spare stack of operations per thread, for the walks made over every lock-touching body (its scan,
    /// its graph's lock paths): a stack of their own for each was most of what those walks allocated. A walk
    /// begun inside another (a callee scanned on demand) finds no spare and makes its own.
    /// </summary>
    internal static class OperationStacks
    {
        [System.ThreadStatic]
        private static Stack<IOperation>? t_spare;

        public static Stack<IOperation> Rent()
        {
            var stack = t_spare ?? new Stack<IOperation>(64); // a spare is empty: Return keeps no other
            t_spare = null;
            return stack;
        }

        public static void Return(Stack<IOperation> stack)
        {
            if (stack.Count == 0)
            {
                t_spare = stack;
            }
        }
    }
}

using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Sites
{
    /// <summary>
    /// A per-body memo table keyed by operation identity. Most bodies ask about a few operations: their answers
    /// are kept in a short array searched by reference (no hash, nothing but the array allocated), and a body that
    /// asks about more moves them to a dictionary, which, grown step by step from empty, would have allocated
    /// several arrays for a body of a handful of operations.
    /// </summary>
    internal sealed class OperationMemo<TValue>
    {
        private const int Few = 8;
        private (IOperation Operation, TValue Value)[]? _few;
        private int _count;
        private Dictionary<IOperation, TValue>? _many;

        public bool TryGetValue(IOperation operation, out TValue value)
        {
            if (_many is not null)
            {
                return _many.TryGetValue(operation, out value!);
            }

            for (var i = 0; i < _count; i++)
            {
                if (ReferenceEquals(_few![i].Operation, operation))
                {
                    value = _few[i].Value;
                    return true;
                }
            }

            value = default!;
            return false;
        }

        /// <summary>Records the answer for <paramref name="operation"/>, replacing one recorded before.</summary>
        public void Set(IOperation operation, TValue value)
        {
            if (_many is not null)
            {
                _many[operation] = value;
                return;
            }

            _few ??= new (IOperation, TValue)[Few / 2];
            for (var i = 0; i < _count; i++)
            {
                if (ReferenceEquals(_few[i].Operation, operation))
                {
                    _few[i].Value = value;
                    return;
                }
            }

            if (_count < Few)
            {
                if (_count == _few.Length)
                {
                    System.Array.Resize(ref _few, Few); // most bodies never get here: they ask about four operations or fewer
                }

                _few[_count++] = (operation, value);
                return;
            }

            _many = new Dictionary<IOperation, TValue>(2 * Few, OperationIdentity.Instance);
            foreach (var (known, answer) in _few)
            {
                _many[known] = answer;
            }

            _many[operation] = value;
            _few = null;
        }
    }
}

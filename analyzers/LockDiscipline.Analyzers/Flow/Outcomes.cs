using System.Collections.Generic;
using LockDiscipline.Analyzers.Lattice;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// The states (each with a value) that evaluating an operation can lead to. Almost always one, so
    /// the first lives inline and only a split (a try-acquire) allocates. A mutable struct: build it
    /// in a local, then pass it on by value.
    /// </summary>
    internal struct Outcomes<T>
    {
        private PathState? _firstState;
        private T _firstValue;
        private List<(PathState State, T Value)>? _rest;

        public int Count { get; private set; }

        public static Outcomes<T> One(PathState state, T value)
        {
            var outcomes = default(Outcomes<T>);
            outcomes.Add(state, value);
            return outcomes;
        }

        public void Add(PathState state, T value)
        {
            if (Count == 0)
            {
                _firstState = state;
                _firstValue = value;
            }
            else
            {
                (_rest ??= new List<(PathState, T)>(2)).Add((state, value));
            }

            Count++;
        }

        public (PathState State, T Value) this[int index] => index == 0 ? (_firstState!, _firstValue) : _rest![index - 1];
    }
}

using System.Collections.Generic;
using LockDiscipline.Analyzers.Lattice;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// What leaves one block: at most two branches (the conditional one first, then the fall-through), each with
    /// the states along it. A value, so that interpreting a block allocates no list of branches.
    /// </summary>
    internal struct BlockExits
    {
        private ControlFlowBranch? _first;
        private FlowState? _firstStates;
        private ControlFlowBranch? _second;
        private FlowState? _secondStates;

        public int Count { get; private set; }

        public (ControlFlowBranch Branch, FlowState Leaving) this[int index] =>
            index == 0 ? (_first!, _firstStates!) : (_second!, _secondStates!);

        /// <summary>Adds a branch that some state takes; a missing branch, or one no state takes, is left out.</summary>
        public void Add(ControlFlowBranch? branch, FlowState leaving)
        {
            if (branch is null || leaving.IsUnreachable)
            {
                return;
            }

            if (Count == 0)
            {
                (_first, _firstStates) = (branch, leaving);
            }
            else
            {
                (_second, _secondStates) = (branch, leaving);
            }

            Count++;
        }

        public void Add(ControlFlowBranch? branch, List<PathState> leaving)
        {
            if (branch is not null && leaving.Count > 0)
            {
                Add(branch, FlowState.Of(leaving));
            }
        }
    }
}

using System;
using System.Collections.Generic;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// Holds each block's events from its latest interpretation. A block is interpreted again
    /// whenever its input grows, so when the fixpoint is reached the events kept are exactly those
    /// of the final states: replaying them reports what a separate sweep over the final states
    /// would, without interpreting every block a second time.
    /// </summary>
    internal sealed class EventBuffer : ILockEventSink
    {
        private readonly List<Action<ILockEventSink>>?[] _byBlock;
        private List<Action<ILockEventSink>>? _current;

        public EventBuffer(int blocks)
        {
            _byBlock = new List<Action<ILockEventSink>>?[blocks];
        }

        public void Replay(ILockEventSink sink)
        {
            foreach (var events in _byBlock)
            {
                if (events is null)
                {
                    continue;
                }

                foreach (var raise in events)
                {
                    raise(sink);
                }
            }
        }

        private int _ordinal;

        /// <summary>Starts (again) the events of block <paramref name="ordinal"/>, forgetting those of its earlier interpretation.</summary>
        public void BeginBlock(int ordinal)
        {
            _ordinal = ordinal;
            _current = _byBlock[ordinal];
            _current?.Clear();
        }

        private void Record(Action<ILockEventSink> raise) =>
            (_current ??= _byBlock[_ordinal] = new List<Action<ILockEventSink>>()).Add(raise);

        public void OnAcquire(PathState before, HeldLock acquired, IOperation site) =>
            Record(s => s.OnAcquire(before, acquired, site));

        public void OnTryAcquire(PathState before, HeldLock acquired, IOperation site) =>
            Record(s => s.OnTryAcquire(before, acquired, site));

        public void OnRelease(PathState before, LockPath released, bool sharedRelease, HeldLock? wasHeld, IOperation site) =>
            Record(s => s.OnRelease(before, released, sharedRelease, wasHeld, site));

        public void OnSleep(PathState before, IOperation site, SleepCause cause, IReadOnlyList<HeldLock> spinLocksKept) =>
            Record(s => s.OnSleep(before, site, cause, spinLocksKept));

        public void OnCallToInferred(PathState before, IOperation site, IMethodSymbol callee, IReadOnlyList<HeldLock> spinLocksHeld, ResolvedBinding binding) =>
            Record(s => s.OnCallToInferred(before, site, callee, spinLocksHeld, binding));

        public void OnHandleArgument(PathState before, IArgumentOperation argument, IMethodSymbol callee, AbstractValue value) =>
            Record(s => s.OnHandleArgument(before, argument, callee, value));

        public void OnCall(PathState before, IOperation site, IMethodSymbol callee, MethodContract contract, CallSubstitution substitution) =>
            Record(s => s.OnCall(before, site, callee, contract, substitution));

        public void OnGuardedAccess(PathState before, IOperation site, ISymbol member, LockPath guard, bool write) =>
            Record(s => s.OnGuardedAccess(before, site, member, guard, write));

        public void OnStaleUse(PathState before, IOperation site, string variable, AbstractValue value) =>
            Record(s => s.OnStaleUse(before, site, variable, value));

        // The driver raises these after the fixpoint, straight to the rules; kept here for completeness.
        public void OnUncorrelatedMerge(HeldLock held, BasicBlock at) =>
            Record(s => s.OnUncorrelatedMerge(held, at));

        public void OnExit(ISymbol owner, PathState atExit, PathState atEntry) =>
            Record(s => s.OnExit(owner, atExit, atEntry));
    }
}

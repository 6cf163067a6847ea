using System.Collections.Generic;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>Why a call might sleep: the callee's description and, for inferred sleeps, the call chain.</summary>
    internal sealed class SleepCause
    {
        public SleepCause(string callee, string reason)
        {
            Callee = callee;
            Reason = reason;
        }

        /// <summary>What is called (<c>'CondResched()'</c>, <c>'await'</c>).</summary>
        public string Callee { get; }

        /// <summary>Why it might sleep (<c>is [MightSleep]</c>, <c>acquires blocking lock 'x'</c>, a chain).</summary>
        public string Reason { get; }
    }

    /// <summary>
    /// What the flow analysis raises as it interprets a body, in the manner of Clang's
    /// <c>ThreadSafetyHandler</c>: the engine knows facts, the rules decide what is wrong. Events that
    /// happen at an operation carry the state before it.
    /// </summary>
    internal abstract record LockEvent;

    /// <summary>A blocking (non-try) acquire of <paramref name="Lock"/>.</summary>
    internal sealed record Acquired(PathState Before, HeldLock Lock, IOperation Site) : LockEvent;

    /// <summary>A try-acquire that succeeded on this path.</summary>
    internal sealed record TryAcquired(PathState Before, HeldLock Lock, IOperation Site) : LockEvent;

    /// <summary>
    /// A release (<paramref name="Shared"/>: of a read lock; <paramref name="UpgradeableRead"/>: of an upgradeable read);
    /// <paramref name="WasHeld"/> is null when the lock was not held.
    /// </summary>
    internal sealed record Released(PathState Before, LockPath Path, bool Shared, HeldLock? WasHeld, IOperation Site, bool UpgradeableRead) : LockEvent;

    /// <summary>A call that might sleep, with the spin locks it does not drop.</summary>
    internal sealed record Slept(PathState Before, IOperation Site, SleepCause Cause, IReadOnlyList<HeldLock> SpinLocksKept) : LockEvent;

    /// <summary>An <c>await</c> reached while locks are held: the method may resume on another thread.</summary>
    internal sealed record Awaited(PathState Before, IOperation Site) : LockEvent;

    /// <summary>A call, under spin locks, to a method of the compilation whose sleeping is inferred later.</summary>
    internal sealed record CalledInferred(PathState Before, IOperation Site, IMethodSymbol Callee, IReadOnlyList<HeldLock> SpinLocksHeld, ResolvedBinding Binding) : LockEvent;

    /// <summary>A value reaches a <c>[NonNullHandle]</c> parameter.</summary>
    internal sealed record HandleArgument(PathState Before, IArgumentOperation Argument, IMethodSymbol Callee, AbstractValue Value) : LockEvent;

    /// <summary>Any call whose contract touches locks, before its effects; paths are the callee's, <paramref name="Substitution"/> maps them.</summary>
    internal sealed record Called(PathState Before, IOperation Site, IMethodSymbol Callee, MethodContract Contract, CallSubstitution Substitution) : LockEvent;

    /// <summary>A read or write of a <c>[GuardedBy]</c> member; <paramref name="Guard"/> is the lock, resolved at this access.</summary>
    internal sealed record GuardedAccess(PathState Before, IOperation Site, ISymbol Member, LockPath Guard, bool Write) : LockEvent;

    /// <summary>
    /// A top-level operation of a block (a statement, a branch's condition) about to be interpreted, with
    /// the state before it: what LD0013 reads the held locks of the fields it touches from.
    /// </summary>
    internal sealed record Evaluating(PathState Before, IOperation Operation) : LockEvent;

    /// <summary>A variable read whose value was read under a lock that a call since may have dropped.</summary>
    internal sealed record StaleUse(PathState Before, IOperation Site, string Variable, AbstractValue Value) : LockEvent;

    /// <summary>Two paths meet holding different locks, and no tracked value tells them apart: <paramref name="Lock"/> is lost.</summary>
    internal sealed record UncorrelatedMerge(HeldLock Lock, BasicBlock At) : LockEvent;

    /// <summary>A <c>return</c> of <paramref name="Value"/> in <paramref name="State"/> (raised only for contract inference: <see cref="ControlFlowDriver.ReportsReturns"/>).</summary>
    internal sealed record Returned(PathState State, AbstractValue Value) : LockEvent;

    /// <summary>
    /// A path reaches the end of <paramref name="Owner"/>'s body (a method, local function or lambda): by a return, or,
    /// when <paramref name="Thrown"/>, by an exception. <paramref name="Returns"/> are all the paths that return (so a
    /// rule can tell "on every path" from "on some path").
    /// </summary>
    internal sealed record BodyExit(ISymbol Owner, PathState AtExit, PathState AtEntry, ImmutableArray<PathState> Returns = default, bool Thrown = false) : LockEvent;

    /// <summary>The analysis of <paramref name="Owner"/>'s body was given up (its bound was reached): nothing else is raised for it.</summary>
    internal sealed record AnalysisAbandoned(ISymbol Owner, string Reason) : LockEvent;

    /// <summary>Hears the events of a body's analysis.</summary>
    internal interface ILockEventSink
    {
        void On(LockEvent e);
    }

    /// <summary>
    /// Holds each block's events from its latest interpretation. A block is interpreted again
    /// whenever its input grows, so when the fixpoint is reached the events kept are exactly those
    /// of the final states: replaying them reports what a separate sweep over the final states
    /// would, without interpreting every block a second time.
    /// <para>
    /// One list for the whole body, each block's latest events a run of it: a block's events are raised
    /// together (the driver interprets one block at a time), and a block interpreted again starts a new run
    /// at the end, leaving the old one unread. No list per block.
    /// </para>
    /// </summary>
    internal sealed class EventBuffer : ILockEventSink
    {
        private readonly List<LockEvent> _events = new List<LockEvent>();
        private readonly int[] _start;
        private readonly int[] _count;
        private int _ordinal;

        public EventBuffer(int blocks)
        {
            _start = new int[blocks];
            _count = new int[blocks];
        }

        /// <summary>Starts (again) the events of block <paramref name="ordinal"/>, forgetting those of its earlier interpretation.</summary>
        public void BeginBlock(int ordinal)
        {
            _ordinal = ordinal;
            _start[ordinal] = _events.Count;
            _count[ordinal] = 0;
        }

        public void On(LockEvent e)
        {
            _events.Add(e);
            _count[_ordinal]++;
        }

        /// <summary>Each block's latest events, blocks in order.</summary>
        public void Replay(ILockEventSink sink)
        {
            for (var block = 0; block < _start.Length; block++)
            {
                var end = _start[block] + _count[block];
                for (var i = _start[block]; i < end; i++)
                {
                    sink.On(_events[i]);
                }
            }
        }
    }
}

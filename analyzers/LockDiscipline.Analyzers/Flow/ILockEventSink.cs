using System.Collections.Generic;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
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
    /// The events the flow analysis raises as it interprets a body, in the manner of Clang's
    /// <c>ThreadSafetyHandler</c>: the engine knows facts, the rules decide what is wrong. Every event
    /// carries the state before the operation.
    /// </summary>
    internal interface ILockEventSink
    {
        /// <summary>A blocking (non-try) acquire of <paramref name="acquired"/>.</summary>
        void OnAcquire(PathState before, HeldLock acquired, IOperation site);

        /// <summary>A try-acquire that succeeded on this path.</summary>
        void OnTryAcquire(PathState before, HeldLock acquired, IOperation site);

        /// <summary>A release (<paramref name="sharedRelease"/>: of a read lock); <paramref name="wasHeld"/> is null when the lock was not held.</summary>
        void OnRelease(PathState before, LockPath released, bool sharedRelease, HeldLock? wasHeld, IOperation site);

        /// <summary>A call that might sleep, with the spin locks it does not drop.</summary>
        void OnSleep(PathState before, IOperation site, SleepCause cause, IReadOnlyList<HeldLock> spinLocksKept);

        /// <summary>A call, under spin locks, to a method of the compilation whose sleeping is inferred later.</summary>
        void OnCallToInferred(PathState before, IOperation site, IMethodSymbol callee, IReadOnlyList<HeldLock> spinLocksHeld, ResolvedBinding binding);

        /// <summary>A value reaches a <c>[NonNullHandle]</c> parameter.</summary>
        void OnHandleArgument(PathState before, IArgumentOperation argument, IMethodSymbol callee, AbstractValue value);

        /// <summary>Any call whose contract touches locks, before its effects; paths are the callee's, <paramref name="substitution"/> maps them.</summary>
        void OnCall(PathState before, IOperation site, IMethodSymbol callee, MethodContract contract, CallSubstitution substitution);

        /// <summary>A read or write of a <c>[GuardedBy]</c> member; <paramref name="guard"/> is the lock, resolved at this access.</summary>
        void OnGuardedAccess(PathState before, IOperation site, ISymbol member, LockPath guard, bool write);

        /// <summary>A variable read whose value was read under a lock that a call since may have dropped.</summary>
        void OnStaleUse(PathState before, IOperation site, string variable, AbstractValue value);

        /// <summary>Two paths meet holding different locks, and no tracked value tells them apart: <paramref name="held"/> is lost.</summary>
        void OnUncorrelatedMerge(HeldLock held, BasicBlock at);

        /// <summary>A path reaches the end of <paramref name="owner"/>'s body (a method, local function or lambda).</summary>
        void OnExit(ISymbol owner, PathState atExit, PathState atEntry);
    }
}

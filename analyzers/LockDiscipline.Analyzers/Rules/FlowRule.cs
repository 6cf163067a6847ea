using System.Collections.Generic;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// A rule that reads the flow analysis's events. Each rule overrides the events it cares about;
    /// the engine does the work, so a rule is short.
    /// </summary>
    internal abstract class FlowRule : ILockEventSink
    {
        protected FlowRule(DiagnosticCollector diagnostics)
        {
            Diagnostics = diagnostics;
        }

        protected DiagnosticCollector Diagnostics { get; }

        public virtual void OnAcquire(PathState before, HeldLock acquired, IOperation site) { }

        public virtual void OnTryAcquire(PathState before, HeldLock acquired, IOperation site) { }

        public virtual void OnRelease(PathState before, LockPath released, bool sharedRelease, HeldLock? wasHeld, IOperation site) { }

        public virtual void OnSleep(PathState before, IOperation site, SleepCause cause, IReadOnlyList<HeldLock> spinLocksKept) { }

        public virtual void OnCallToInferred(PathState before, IOperation site, IMethodSymbol callee, IReadOnlyList<HeldLock> spinLocksHeld, ResolvedBinding binding) { }

        public virtual void OnHandleArgument(PathState before, IArgumentOperation argument, IMethodSymbol callee, AbstractValue value) { }

        public virtual void OnCall(PathState before, IOperation site, IMethodSymbol callee, MethodContract contract, CallSubstitution substitution) { }

        public virtual void OnGuardedAccess(PathState before, IOperation site, ISymbol member, LockPath guard, bool write) { }

        public virtual void OnStaleUse(PathState before, IOperation site, string variable, AbstractValue value) { }

        public virtual void OnUncorrelatedMerge(HeldLock held, BasicBlock at) { }

        public virtual void OnExit(ISymbol owner, PathState atExit, PathState atEntry) { }
    }

    /// <summary>Forwards every event to each rule: one fact set, many rules.</summary>
    internal sealed class RuleFanOut : ILockEventSink
    {
        private readonly IReadOnlyList<ILockEventSink> _rules;

        public RuleFanOut(IReadOnlyList<ILockEventSink> rules)
        {
            _rules = rules;
        }

        public void OnAcquire(PathState before, HeldLock acquired, IOperation site)
        {
            foreach (var rule in _rules) rule.OnAcquire(before, acquired, site);
        }

        public void OnTryAcquire(PathState before, HeldLock acquired, IOperation site)
        {
            foreach (var rule in _rules) rule.OnTryAcquire(before, acquired, site);
        }

        public void OnRelease(PathState before, LockPath released, bool sharedRelease, HeldLock? wasHeld, IOperation site)
        {
            foreach (var rule in _rules) rule.OnRelease(before, released, sharedRelease, wasHeld, site);
        }

        public void OnSleep(PathState before, IOperation site, SleepCause cause, IReadOnlyList<HeldLock> spinLocksKept)
        {
            foreach (var rule in _rules) rule.OnSleep(before, site, cause, spinLocksKept);
        }

        public void OnCallToInferred(PathState before, IOperation site, IMethodSymbol callee, IReadOnlyList<HeldLock> spinLocksHeld, ResolvedBinding binding)
        {
            foreach (var rule in _rules) rule.OnCallToInferred(before, site, callee, spinLocksHeld, binding);
        }

        public void OnHandleArgument(PathState before, IArgumentOperation argument, IMethodSymbol callee, AbstractValue value)
        {
            foreach (var rule in _rules) rule.OnHandleArgument(before, argument, callee, value);
        }

        public void OnCall(PathState before, IOperation site, IMethodSymbol callee, MethodContract contract, CallSubstitution substitution)
        {
            foreach (var rule in _rules) rule.OnCall(before, site, callee, contract, substitution);
        }

        public void OnGuardedAccess(PathState before, IOperation site, ISymbol member, LockPath guard, bool write)
        {
            foreach (var rule in _rules) rule.OnGuardedAccess(before, site, member, guard, write);
        }

        public void OnStaleUse(PathState before, IOperation site, string variable, AbstractValue value)
        {
            foreach (var rule in _rules) rule.OnStaleUse(before, site, variable, value);
        }

        public void OnUncorrelatedMerge(HeldLock held, BasicBlock at)
        {
            foreach (var rule in _rules) rule.OnUncorrelatedMerge(held, at);
        }

        public void OnExit(ISymbol owner, PathState atExit, PathState atEntry)
        {
            foreach (var rule in _rules) rule.OnExit(owner, atExit, atEntry);
        }
    }
}

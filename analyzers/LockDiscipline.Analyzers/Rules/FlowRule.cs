using System.Collections.Generic;
using LockDiscipline.Analyzers.Flow;

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

        /// <summary>The one dispatch from an event to the rule's handler for its kind.</summary>
        public void On(LockEvent e)
        {
            switch (e)
            {
                case Acquired x: On(x); break;
                case TryAcquired x: On(x); break;
                case Released x: On(x); break;
                case Slept x: On(x); break;
                case CalledInferred x: On(x); break;
                case HandleArgument x: On(x); break;
                case Called x: On(x); break;
                case GuardedAccess x: On(x); break;
                case StaleUse x: On(x); break;
                case UncorrelatedMerge x: On(x); break;
                case BodyExit x: On(x); break;
                case AnalysisAbandoned x: On(x); break;
                case Awaited x: On(x); break;
                case Evaluating x: On(x); break;
            }
        }

        protected virtual void On(Acquired e) { }

        protected virtual void On(TryAcquired e) { }

        protected virtual void On(Released e) { }

        protected virtual void On(Slept e) { }

        protected virtual void On(CalledInferred e) { }

        protected virtual void On(HandleArgument e) { }

        protected virtual void On(Called e) { }

        protected virtual void On(GuardedAccess e) { }

        protected virtual void On(StaleUse e) { }

        protected virtual void On(UncorrelatedMerge e) { }

        protected virtual void On(BodyExit e) { }

        protected virtual void On(AnalysisAbandoned e) { }

        protected virtual void On(Awaited e) { }

        protected virtual void On(Evaluating e) { }
    }

    /// <summary>Forwards every event to each rule: one fact set, many rules.</summary>
    internal sealed class RuleFanOut : ILockEventSink
    {
        private readonly ILockEventSink[] _rules;

        public RuleFanOut(ILockEventSink[] rules)
        {
            _rules = rules;
        }

        public void On(LockEvent e)
        {
            foreach (var rule in _rules) // an array: no enumerator per event
            {
                rule.On(e);
            }
        }
    }
}

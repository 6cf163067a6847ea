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

        /// <summary>
        /// The event kinds a rule may handle, each with its dispatch to the handler: the one list of them. A kind
        /// is its index here; <see cref="KindOf"/> and <see cref="HandledKinds"/> are read from it.
        /// </summary>
        private static readonly (System.Type Type, System.Action<FlowRule, LockEvent> Dispatch)[] Kinds =
        {
            (typeof(Acquired), (r, e) => r.On((Acquired)e)),
            (typeof(TryAcquired), (r, e) => r.On((TryAcquired)e)),
            (typeof(Released), (r, e) => r.On((Released)e)),
            (typeof(Slept), (r, e) => r.On((Slept)e)),
            (typeof(CalledInferred), (r, e) => r.On((CalledInferred)e)),
            (typeof(HandleArgument), (r, e) => r.On((HandleArgument)e)),
            (typeof(Called), (r, e) => r.On((Called)e)),
            (typeof(GuardedAccess), (r, e) => r.On((GuardedAccess)e)),
            (typeof(StaleUse), (r, e) => r.On((StaleUse)e)),
            (typeof(UncorrelatedMerge), (r, e) => r.On((UncorrelatedMerge)e)),
            (typeof(BodyExit), (r, e) => r.On((BodyExit)e)),
            (typeof(AnalysisAbandoned), (r, e) => r.On((AnalysisAbandoned)e)),
            (typeof(Awaited), (r, e) => r.On((Awaited)e)),
            (typeof(Evaluating), (r, e) => r.On((Evaluating)e)),
        };

        private static readonly Dictionary<System.Type, int> KindByType = IndexKinds();

        private static Dictionary<System.Type, int> IndexKinds()
        {
            var byType = new Dictionary<System.Type, int>();
            for (var k = 0; k < Kinds.Length; k++)
            {
                byType[Kinds[k].Type] = k;
            }

            return byType;
        }

        /// <summary>An event's kind, or -1 for one no rule handles (every event type is sealed: its type is its kind).</summary>
        internal static int KindOf(LockEvent e) => KindByType.TryGetValue(e.GetType(), out var kind) ? kind : -1;

        internal static int KindCount => Kinds.Length;

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<System.Type, bool[]> HandledByType =
            new System.Collections.Concurrent.ConcurrentDictionary<System.Type, bool[]>();

        /// <summary>
        /// Which kinds this rule's class overrides a handler for, found once per class. The fan-out gives a
        /// rule only those: most events (a statement about to be evaluated) interest one rule of sixteen.
        /// </summary>
        internal bool[] HandledKinds => HandledByType.GetOrAdd(GetType(), type =>
        {
            var handled = new bool[Kinds.Length];
            for (var k = 0; k < Kinds.Length; k++)
            {
                var handler = type.GetMethod(nameof(On), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null, new[] { Kinds[k].Type }, null);
                handled[k] = handler is null || handler.DeclaringType != typeof(FlowRule);
            }

            return handled;
        });

        /// <summary>The one dispatch from an event to the rule's handler for its kind.</summary>
        public void On(LockEvent e)
        {
            var kind = KindOf(e);
            if (kind >= 0)
            {
                On(kind, e);
            }
        }

        /// <summary>As <see cref="On(LockEvent)"/>, with the kind already known.</summary>
        internal void On(int kind, LockEvent e) => Kinds[kind].Dispatch(this, e);

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

    /// <summary>Forwards each event to the rules that handle its kind: one fact set, many rules.</summary>
    internal sealed class RuleFanOut : ILockEventSink
    {
        private readonly FlowRule[] _rules;
        private readonly int[][] _byKind;

        public RuleFanOut(FlowRule[] rules)
        {
            _rules = rules;
            _byKind = Layout.For(rules);
        }

        public void On(LockEvent e)
        {
            var kind = FlowRule.KindOf(e);
            if (kind < 0)
            {
                return;
            }

            foreach (var index in _byKind[kind]) // arrays: no enumerator per event
            {
                _rules[index].On(kind, e);
            }
        }

        /// <summary>
        /// For each event kind, which of the rules handle it, in the rules' order. Every body of a compilation
        /// gets the same rules, so the last layout is kept and reused while the rules' classes match.
        /// </summary>
        private sealed class Layout
        {
            private static Layout? s_last;

            private readonly System.Type[] _types;
            private readonly int[][] _byKind;

            private Layout(FlowRule[] rules)
            {
                _types = System.Array.ConvertAll(rules, r => r.GetType());
                _byKind = new int[FlowRule.KindCount][];
                var indices = new List<int>();
                for (var k = 0; k < _byKind.Length; k++)
                {
                    indices.Clear();
                    for (var i = 0; i < rules.Length; i++)
                    {
                        if (rules[i].HandledKinds[k])
                        {
                            indices.Add(i);
                        }
                    }

                    _byKind[k] = indices.ToArray();
                }
            }

            public static int[][] For(FlowRule[] rules)
            {
                var last = s_last;
                if (last is null || !last.Fits(rules))
                {
                    s_last = last = new Layout(rules);
                }

                return last._byKind;
            }

            private bool Fits(FlowRule[] rules)
            {
                if (rules.Length != _types.Length)
                {
                    return false;
                }

                for (var i = 0; i < rules.Length; i++)
                {
                    if (rules[i].GetType() != _types[i])
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }
}

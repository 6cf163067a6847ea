using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.Rules;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// The fan-out hands each event only to the rules whose class overrides its handler, in the rules'
    /// order, and every kind of event a rule can handle has a kind the dispatch knows.
    /// </summary>
    public class RuleFanOutTests
    {
        private sealed class Recorder : FlowRule
        {
            private readonly string _name;
            private readonly List<string> _log;

            public Recorder(string name, List<string> log)
                : base(new DiagnosticCollector(_ => { }))
            {
                _name = name;
                _log = log;
            }

            protected override void On(Evaluating e) => _log.Add(_name + ":evaluating");

            protected override void On(BodyExit e) => _log.Add(_name + ":exit");
        }

        private sealed class ExitsOnly : FlowRule
        {
            private readonly List<string> _log;

            public ExitsOnly(List<string> log)
                : base(new DiagnosticCollector(_ => { }))
            {
                _log = log;
            }

            protected override void On(BodyExit e) => _log.Add("exits:exit");
        }

        [Fact]
        public void EachEventReachesOnlyTheRulesThatHandleIt_InTheirOrder()
        {
            var log = new List<string>();
            var fanOut = new RuleFanOut(new FlowRule[] { new ExitsOnly(log), new Recorder("a", log), new Recorder("b", log) });

            fanOut.On(new Evaluating(PathState.Empty, null!));
            fanOut.On(new BodyExit(null!, PathState.Empty, PathState.Empty));
            fanOut.On(new AnalysisAbandoned(null!, "budget"));
            fanOut.On(new Returned(PathState.Empty, AbstractValue.Unknown));

            Assert.Equal(new[] { "a:evaluating", "b:evaluating", "exits:exit", "a:exit", "b:exit" }, log);
        }

        [Fact]
        public void AFanOutOfOtherRulesGetsItsOwnLayout()
        {
            var first = new List<string>();
            var second = new List<string>();
            new RuleFanOut(new FlowRule[] { new Recorder("a", first) }).On(new Evaluating(PathState.Empty, null!));
            new RuleFanOut(new FlowRule[] { new ExitsOnly(second), new Recorder("b", second) }).On(new Evaluating(PathState.Empty, null!));
            new RuleFanOut(new FlowRule[] { new Recorder("a", first) }).On(new BodyExit(null!, PathState.Empty, PathState.Empty));

            Assert.Equal(new[] { "a:evaluating", "a:exit" }, first);
            Assert.Equal(new[] { "b:evaluating" }, second);
        }

        /// <summary>Every event a rule has a handler for is dispatched to it: a new event kind cannot be left out of the table.</summary>
        [Fact]
        public void EveryEventWithAHandlerHasAKind()
        {
            var eventTypes = typeof(LockEvent).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(LockEvent).IsAssignableFrom(t)).ToList();
            var handled = typeof(FlowRule).GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
                .Where(m => m.Name == "On" && m.IsVirtual && m.GetParameters().Length == 1)
                .Select(m => m.GetParameters()[0].ParameterType)
                .ToHashSet();

            Assert.True(handled.Count >= 14);
            foreach (var type in eventTypes)
            {
                var instance = (LockEvent)RuntimeHelpers.GetUninitializedObject(type);
                Assert.Equal(handled.Contains(type), FlowRule.KindOf(instance) >= 0);
            }
        }
    }
}

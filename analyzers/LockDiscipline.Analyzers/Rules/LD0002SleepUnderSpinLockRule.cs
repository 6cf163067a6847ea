using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Sites;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0002: a call that might sleep (declared, built in, a blocking acquire, an <c>await</c>) while a
    /// spin lock is held that the callee does not <c>[MayDrop]</c>. Calls to methods whose sleeping is
    /// inferred are handed to <see cref="SleepInference"/>, which reports them when the compilation's
    /// call graph is closed.
    /// </summary>
    internal sealed class LD0002SleepUnderSpinLockRule : FlowRule
    {
        private readonly SleepInference _inference;

        public LD0002SleepUnderSpinLockRule(DiagnosticCollector diagnostics, SleepInference inference)
            : base(diagnostics)
        {
            _inference = inference;
        }

        protected override void On(Slept e)
        {
            var (before, site, cause, spinLocksKept) = e;
            Report(Diagnostics, Descriptors.SleepUnderSpinLock, SiteLocations.Of(site), cause, spinLocksKept);
        }

        protected override void On(CalledInferred e)
        {
            var (before, site, callee, spinLocksHeld, binding) = e;
            _inference.RecordCallUnderSpinLock(new PendingCall(SiteLocations.Of(site), callee, spinLocksHeld, binding));
        }

        /// <summary>The calls the compilation's call graph shows to sleep under spin locks (reported when the compilation ends).</summary>
        public static void Report(DiagnosticCollector diagnostics, SleepVerdicts verdicts)
        {
            foreach (var (site, cause, kept) in verdicts.SleepsUnderSpinLock)
            {
                Report(diagnostics, Descriptors.InferredSleepUnderSpinLock, site, cause, kept);
            }
        }

        private static void Report(DiagnosticCollector diagnostics, DiagnosticDescriptor descriptor, Location location, SleepCause cause, IReadOnlyList<HeldLock> kept)
        {
            var first = kept[0];
            var properties = System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticPropertyNames.Lock, first.Name)
                .Add(DiagnosticPropertyNames.KeptLocks, kept.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            diagnostics.Report(descriptor, location, kept.Select(l => l.AcquiredAt), properties,
                cause.Callee, cause.Reason, first.Name, first.Line);
        }
    }
}

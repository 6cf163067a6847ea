using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
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

        public override void OnSleep(PathState before, IOperation site, SleepCause cause, IReadOnlyList<HeldLock> spinLocksKept) =>
            Report(Diagnostics, SiteLocations.Of(site), cause, spinLocksKept);

        public override void OnCallToInferred(PathState before, IOperation site, IMethodSymbol callee, IReadOnlyList<HeldLock> spinLocksHeld, ResolvedBinding binding) =>
            _inference.RecordCallUnderSpinLock(new PendingCall(SiteLocations.Of(site), callee, spinLocksHeld, binding));

        public static void Report(DiagnosticCollector diagnostics, Location location, SleepCause cause, IReadOnlyList<HeldLock> kept)
        {
            var first = kept[0];
            var properties = System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticPropertyNames.Lock, first.Name)
                .Add(DiagnosticPropertyNames.KeptLocks, kept.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            diagnostics.Report(Descriptors.SleepUnderSpinLock, location, kept.Select(l => l.AcquiredAt), properties,
                cause.Callee, cause.Reason, first.Name, first.Line);
        }
    }
}

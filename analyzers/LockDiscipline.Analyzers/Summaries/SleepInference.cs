using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// SPEC §3 "Inference": a method of the compilation with no <c>[MightSleep]</c>/<c>[NeverSleeps]</c>
    /// that calls something that might sleep might sleep too, transitively; where every such call
    /// drops locks rooted in the method's own parameters, the summary drops them too. Each body
    /// contributes its <see cref="SleepSite"/>s as it is analyzed; at the end of the compilation the
    /// call graph is closed and the calls made under spin locks are judged. Like every
    /// compilation-end rule, these diagnostics appear in builds and full-solution analysis.
    /// </summary>
    internal sealed class SleepInference
    {
        private readonly AnalysisServices _services;
        private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<SleepSite>> _sites =
            new ConcurrentDictionary<IMethodSymbol, ImmutableArray<SleepSite>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<PendingCall> _pending = new ConcurrentBag<PendingCall>();

        private readonly CallGraph _calls;

        public SleepInference(AnalysisServices services, CallGraph calls)
        {
            _services = services;
            _calls = calls;
        }

        /// <summary>
        /// A method's sleep sites in the order they stand: its own sleeping calls, and its calls to methods
        /// whose sleeping is inferred, from the compilation's call graph.
        /// </summary>
        private IEnumerable<SleepSite> SitesOf(IMethodSymbol method)
        {
            var own = _sites.TryGetValue(method, out var direct) ? direct : ImmutableArray<SleepSite>.Empty;
            var throughCalls = _calls.CallsOf(method).Where(c => c.Binding is not null).Select(c => SleepSite.Calls(c.Site, c.Callee, c.Binding!));
            return own.Concat(throughCalls).OrderBy(s => s.Location.SourceSpan.Start);
        }

        /// <summary>Every method with a sleep site of its own or a call to a method whose sleeping is inferred.</summary>
        private IEnumerable<IMethodSymbol> MethodsWithSites() =>
            _sites.Keys.Concat(_calls.Callers.Where(m => _calls.CallsOf(m).Any(c => c.Binding is not null))).Distinct(SymbolEqualityComparer.Default).Cast<IMethodSymbol>();

        public void RecordSites(IMethodSymbol method, ImmutableArray<SleepSite> sites)
        {
            if (!sites.IsEmpty)
            {
                _sites.AddOrUpdate(method.OriginalDefinition, sites, (_, old) => old.AddRange(sites));
            }
        }

        public void RecordCallUnderSpinLock(PendingCall call) => _pending.Add(call);

        /// <summary>Closes the call graph and returns what the closure shows: calls that sleep under spin locks they keep, and [NeverSleeps] methods that sleep.</summary>
        public SleepVerdicts Judge()
        {
            var verdicts = new SleepVerdicts();
            // [NeverSleeps] bodies are always analyzed (their own contract lets them through), so these are all of them.
            var neverSleepers = MethodsWithSites().Where(m => Declared(m) == SleepDeclaration.NeverSleeps).ToList();
            if (_pending.IsEmpty && neverSleepers.Count == 0)
            {
                return verdicts;
            }

            var summaries = Close(ScanWhatTheClosureNeeds(neverSleepers));
            foreach (var call in _pending.OrderBy(c => c.Location.SourceSpan.Start))
            {
                var summary = SummaryOf(call.Callee, summaries);
                if (summary.Kind == SleepKind.Never)
                {
                    continue;
                }

                var dropped = summary.Drops.Select(call.Binding.Apply).Where(p => p is not null).ToList();
                var kept = call.SpinLocksHeld.Where(l => !dropped.Contains(l.Path)).ToList();
                if (kept.Count > 0)
                {
                    var cause = new SleepCause(CalleeNames.Describe(call.Callee), call.Callee.Name + "() → " + summary.Chain);
                    verdicts.SleepsUnderSpinLock.Add((call.Location, cause, kept));
                }
            }

            foreach (var method in neverSleepers)
            {
                foreach (var site in SitesOf(method))
                {
                    var summary = SiteSummary(site, summaries);
                    if (summary.Kind != SleepKind.Never)
                    {
                        verdicts.NeverSleepersThatSleep.Add((method, site, summary.Chain));
                    }
                }
            }

            return verdicts;
        }

        /// <summary>
        /// The methods the verdicts depend on — those called under spin locks, the [NeverSleeps] ones, and
        /// every method of the compilation they reach through calls — scanned (on demand) before the closure.
        /// </summary>
        private HashSet<IMethodSymbol> ScanWhatTheClosureNeeds(IEnumerable<IMethodSymbol> neverSleepers)
        {
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var work = new Stack<IMethodSymbol>(_pending.Select(p => p.Callee).Concat(neverSleepers));
            while (work.Count > 0)
            {
                var method = work.Pop().OriginalDefinition;
                if (!seen.Add(method))
                {
                    continue;
                }

                foreach (var call in _calls.CallsOf(method))
                {
                    if (call.Binding is not null)
                    {
                        work.Push(call.Callee);
                    }
                }
            }

            return seen;
        }

        /// <summary>
        /// The inferred summaries of the <paramref name="needed"/> methods: the fixpoint over them alone, since a
        /// summary depends only on the methods its body calls, and those are needed too. Each method's sites are
        /// gathered once; the passes visit the methods in the same order as over the whole compilation, so each
        /// summary, and the chain its message shows, is the same.
        /// </summary>
        private Dictionary<IMethodSymbol, SleepSummary> Close(HashSet<IMethodSymbol> needed)
        {
            var summaries = new Dictionary<IMethodSymbol, SleepSummary>(SymbolEqualityComparer.Default);
            var methods = MethodsWithSites().Where(m => needed.Contains(m) && Declared(m) == SleepDeclaration.Unknown).ToList();
            var sitesOf = new Dictionary<IMethodSymbol, List<SleepSite>>(SymbolEqualityComparer.Default);
            foreach (var m in methods)
            {
                summaries[m] = SleepSummary.Never;
                sitesOf[m] = SitesOf(m).ToList();
            }

            // Each pass that changes anything moves a summary up its lattice: from never, through drop sets that
            // only shrink (none wider than the widest declared or direct one), to always. So the passes are
            // bounded by the lattice's height over these methods, and the bound cannot cut the fixpoint short.
            var widest = 0;
            foreach (var m in methods)
            {
                widest = Math.Max(widest, _services.Contracts.For(m).MayDrop.Length);
                foreach (var site in sitesOf[m])
                {
                    widest = Math.Max(widest, site.Direct?.Drops.Length ?? _services.Contracts.For(site.Callee!.OriginalDefinition).MayDrop.Length);
                }
            }

            var changed = true;
            for (var pass = 0; changed && pass <= methods.Count * (widest + 2); pass++)
            {
                changed = false;
                foreach (var method in methods)
                {
                    var summary = SleepSummary.Never;
                    foreach (var site in sitesOf[method])
                    {
                        summary = summary.Join(SiteSummary(site, summaries));
                    }

                    var declaredDrops = _services.Contracts.For(method).MayDrop;
                    if (summary.Kind != SleepKind.Never && !declaredDrops.IsEmpty)
                    {
                        summary = SleepSummary.Dropping(declaredDrops, summary.Chain);
                    }

                    if (!summary.SameAs(summaries[method]))
                    {
                        summaries[method] = summary;
                        changed = true;
                    }
                }
            }

            return summaries;
        }

        private SleepSummary SiteSummary(SleepSite site, Dictionary<IMethodSymbol, SleepSummary> summaries)
        {
            if (site.Direct is not null)
            {
                return site.Direct;
            }

            var callee = SummaryOf(site.Callee!, summaries);
            if (callee.Kind == SleepKind.Never)
            {
                return callee;
            }

            var chain = site.Callee!.Name + "() → " + callee.Chain;
            if (callee.Kind == SleepKind.Always)
            {
                return SleepSummary.Always(chain);
            }

            var drops = callee.Drops.Select(site.Binding!.Apply).ToList();
            return drops.Any(d => d is null)
                ? SleepSummary.Always(chain)
                : SleepSummary.Dropping(drops.Select(d => d!).ToImmutableArray(), chain);
        }

        private SleepSummary SummaryOf(IMethodSymbol method, Dictionary<IMethodSymbol, SleepSummary> summaries)
        {
            var key = method.OriginalDefinition;
            var contract = _services.Contracts.For(key);
            return contract.Sleep switch
            {
                SleepDeclaration.MightSleep => contract.MayDrop.IsEmpty
                    ? SleepSummary.Always("[MightSleep]")
                    : SleepSummary.Dropping(contract.MayDrop, "[MightSleep]"),
                SleepDeclaration.NeverSleeps => SleepSummary.Never,
                _ => summaries.TryGetValue(key, out var inferred) ? inferred : SleepSummary.Never,
            };
        }

        private SleepDeclaration Declared(IMethodSymbol method) => _services.Contracts.For(method).Sleep;
    }

    /// <summary>What the closed call graph shows, for the rules to report.</summary>
    internal sealed class SleepVerdicts
    {
        /// <summary>Calls to methods inferred to sleep, made while spin locks were held that the callee does not drop.</summary>
        public List<(Location Site, SleepCause Cause, IReadOnlyList<HeldLock> SpinLocksKept)> SleepsUnderSpinLock { get; } =
            new List<(Location, SleepCause, IReadOnlyList<HeldLock>)>();

        /// <summary>Sites in <c>[NeverSleeps]</c> methods that might sleep, with the chain that shows it.</summary>
        public List<(IMethodSymbol Method, SleepSite Site, string Chain)> NeverSleepersThatSleep { get; } =
            new List<(IMethodSymbol, SleepSite, string)>();
    }
}

using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Sites;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0010, inferred deadlocks. In each body, every blocking acquire (try-acquires add no edge) and
    /// every call made while locks are held goes to the compilation's <see cref="AcquisitionGraph"/>;
    /// when the compilation ends, each cycle of it is reported once, at its first edge's acquisition,
    /// with every other site as an additional location; of the cycles that start at the same acquisition, the shortest.
    /// </summary>
    internal sealed class LD0010InferredDeadlockRule : FlowRule
    {
        private readonly AcquisitionGraph _graph;
        private readonly IMethodSymbol? _owner;
        private readonly int _maxChain;

        private readonly FreshObjects? _fresh;

        /// <param name="fresh">The objects the body makes and keeps to itself, from its scan: their locks order nothing.</param>
        public LD0010InferredDeadlockRule(DiagnosticCollector diagnostics, AcquisitionGraph graph, ISymbol owner, int maxChain = InferredCallChain.DefaultMaxChain, FreshObjects? fresh = null)
            : base(diagnostics)
        {
            _fresh = fresh;
            _graph = graph;
            _owner = owner as IMethodSymbol;
            _maxChain = maxChain;
        }

        protected override void On(Acquired e)
        {
            var (before, acquired, site) = e;
            if (OfFreshObject(acquired.Path))
            {
                _graph.RecordUnorderedAcquire(acquired.Class);
            }
            else
            {
                _graph.RecordAcquire(_owner, acquired.Class, acquired.Path, SiteLocations.Of(site), Held(before));
            }
        }

        protected override void On(Called e)
        {
            var (before, site, callee, contract, substitution) = e;
            if (_owner is not null && !before.Locks.IsEmpty && callee.DeclaringSyntaxReferences.Length > 0)
            {
                var held = Held(before);
                if (held.Count > 0)
                {
                    var instance = site switch
                    {
                        IInvocationOperation invocation => invocation.Instance,
                        IPropertyReferenceOperation property => property.Instance,
                        _ => null,
                    };
                    var onFresh = _fresh?.Classify(instance) == CallReceiver.Fresh;
                    _graph.RecordCallUnderLocks(_owner, held, callee, SiteLocations.Of(site), _maxChain, onFresh);
                }
            }
        }

        /// <summary>A lock that an object made in this body owns (<c>fresh.Gate</c>): nobody else can wait for it, so it orders nothing.</summary>
        private bool OfFreshObject(LockPath path) => _fresh?.OwnsLock(path) == true;

        private List<(LockClass Class, Location Site)> Held(PathState before)
        {
            var held = new List<(LockClass, Location)>(before.Locks.Length);
            foreach (var h in before.DefinitelyHeld)
            {
                if (!OfFreshObject(h.Path))
                {
                    held.Add((h.Class, h.AcquiredAt));
                }
            }

            return held;
        }

        /// <summary>One diagnostic per cycle of the compilation's inferred order.</summary>
        public static void Report(DiagnosticCollector diagnostics, AcquisitionGraph graph)
        {
            // Cycles that share their first acquisition are one finding there (one order to fix): the shortest is
            // reported, not each route around it as a warning of its own on the same line.
            var reportedAt = new HashSet<Location>();
            foreach (var cycle in graph.Cycles().OrderBy(c => c.Count))
            {
                if (reportedAt.Add(cycle[0].ToSite))
                {
                    Report(diagnostics, cycle.Select(e => (e.From.ToString(), e.FromSite, e.To.ToString(), e.ToSite, CallChain(e), e.TakenAt)).ToList());
                }
            }
        }

        /// <summary>One cycle, its edges as (from, where from was taken, to, where to was taken, the callee it was taken in, where beneath it).</summary>
        internal static void Report(DiagnosticCollector diagnostics, IReadOnlyList<(string From, Location FromSite, string To, Location ToSite, string? Callee, Location? TakenAt)> cycle)
        {
            var description = string.Join("; ", cycle.Select(Describe));
            diagnostics.Report(Descriptors.InferredDeadlock, cycle[0].ToSite,
                cycle.Skip(1).Select(e => e.ToSite).Concat(cycle.Select(e => e.FromSite)), description);
        }

        private static string Describe((string From, Location FromSite, string To, Location ToSite, string? Callee, Location? TakenAt) edge)
        {
            var via = edge.Callee is null || edge.TakenAt is null ? "" : $", through {edge.Callee} which takes it at {FileAndLine(edge.TakenAt)}";
            return $"{edge.To} taken while holding {edge.From} at {FileAndLine(edge.ToSite)}{via}";
        }

        /// <summary>The calls an edge goes through, as the message spells them: <c>Record() → Append()</c>; null for a direct edge.</summary>
        internal static string? CallChain(AcquisitionEdge edge) =>
            edge.Callee is null ? null
            : edge.Chain.IsEmpty ? edge.Callee.Name + "()"
            : string.Join(" → ", edge.Chain.Select(m => m.Name + "()"));

        private static string FileAndLine(Location location)
        {
            var span = location.GetLineSpan();
            return $"{System.IO.Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Sites;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0013, inconsistent synchronization. In each body the flow analyzes, the accesses to the private
    /// fields and auto-properties of its type go to the compilation's <see cref="GuardInference"/> with the
    /// locks held there, and so do calls to private methods (and uses of properties whose accessors have bodies) made
    /// with locks held. When the compilation
    /// ends, a member accessed under a common lock at two sites or more (in two methods or more; one a write) and written, changed
    /// or enumerated elsewhere with none of those locks is reported there.
    /// </summary>
    internal sealed class LD0013InconsistentSynchronizationRule : FlowRule
    {
        private readonly GuardInference _guards;
        private readonly IMethodSymbol? _method;
        private readonly SyntaxNode _body;
        private readonly WatchedMembers _candidates;
        private readonly OperationMemo<OperationUses> _uses = new OperationMemo<OperationUses>();


        public LD0013InconsistentSynchronizationRule(DiagnosticCollector diagnostics, GuardInference guards, ISymbol owner, SyntaxNode body)
            : base(diagnostics)
        {
            _guards = guards;
            _body = body;
            guards.FlowAnalyzes(body);

            // A constructor's or an initializer's accesses are not counted: the object is not shared yet.
            _method = owner is IMethodSymbol { MethodKind: not (MethodKind.Constructor or MethodKind.StaticConstructor) } method ? method.OriginalDefinition : null;
            _candidates = _method is null ? WatchedMembers.None : guards.CandidatesFor(_method.ContainingType);
        }

        protected override void On(Evaluating e)
        {
            if (_candidates.IsEmpty)
            {
                return; // the type watches no member: neither its accesses nor its own accessors' callers can count
            }

            if (!_uses.TryGetValue(e.Operation, out var uses))
            {
                uses = _guards.UsesIn(e.Operation, _candidates);
                _uses.Set(e.Operation, uses);
            }

            if (!e.Before.Locks.IsEmpty)
            {
                // Accessors are called where their property is used: their callers' locks count in their bodies.
                foreach (var (reference, accessor) in uses.AccessorCalls)
                {
                    _guards.ObserveCall(e.Before, reference, accessor);
                }
            }

            if (uses.Accesses.Length > 0)
            {
                _guards.Observe(e.Before, uses.Accesses, _method, _body);
            }
        }

        protected override void On(Called e)
        {
            if (_method is not null && !e.Before.Locks.IsEmpty)
            {
                _guards.ObserveCall(e.Before, e.Site, e.Callee.OriginalDefinition);
            }
        }

        /// <summary>The verdicts of the compilation's end, each at its unguarded access, with the guarded ones as additional locations.</summary>
        public static void Report(DiagnosticCollector diagnostics, IReadOnlyList<InconsistentAccess> verdicts)
        {
            foreach (var verdict in verdicts)
            {
                var spelled = verdict.Lock.ToString();
                var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyNames.Lock, spelled);
                var count = verdict.GuardedSites.Count;
                diagnostics.Report(Descriptors.InconsistentSynchronization, verdict.Site, verdict.GuardedSites.Take(3), properties,
                    verdict.Member.Name, Verb(verdict.Kind), spelled, count == 1 ? "1 other site" : $"{count} other sites", Where(verdict.TakenAt, verdict.Site));
            }
        }

        private static string Verb(AccessKind kind) => kind switch
        {
            AccessKind.Write => "written",
            AccessKind.Mutate => "changed",
            AccessKind.Enumerate => "enumerated",
            _ => "read",
        };

        /// <summary><c>line 12</c> in the reported file, <c>Other.cs:12</c> in another.</summary>
        private static string Where(Location takenAt, Location site)
        {
            var span = takenAt.GetLineSpan();
            var line = span.StartLinePosition.Line + 1;
            return takenAt.SourceTree == site.SourceTree ? $"line {line}" : $"{System.IO.Path.GetFileName(span.Path)}:{line}";
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// A call from a body to a method of the compilation, where it is made, and — for a callee whose
    /// sleeping is inferred — how the callee's lock expressions map to the caller's (for inferred drops); and what
    /// object it is called on (the locks of a fresh object order nothing, <see cref="FreshObjects"/>).
    /// </summary>
    internal sealed record CallEdge(IMethodSymbol Callee, Location Site, ResolvedBinding? Binding, CallReceiver Receiver = CallReceiver.Other);

    /// <summary>
    /// The compilation's one call graph: each scanned body's calls to methods of the compilation, recorded
    /// once and read by both summaries that close over calls — the sleep inference and the acquisition
    /// graph (LD0010). Filled from many threads as bodies are analyzed; read when the compilation ends.
    /// </summary>
    internal sealed class CallGraph
    {
        private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<CallEdge>> _calls =
            new ConcurrentDictionary<IMethodSymbol, ImmutableArray<CallEdge>>(SymbolEqualityComparer.Default);

        public void Record(IMethodSymbol caller, IReadOnlyCollection<CallEdge> calls)
        {
            if (calls.Count > 0)
            {
                var added = ImmutableArray.CreateRange(calls);
                _calls.AddOrUpdate(caller.OriginalDefinition, added, (_, old) => old.AddRange(added));
            }
        }

        /// <summary>
        /// Scans a body no code-block action scanned, when its calls are first asked for (set when the
        /// compilation ends, <see cref="OnDemandScans"/>); null while bodies are being analyzed.
        /// </summary>
        public Action<IMethodSymbol>? ScanOnDemand { get; set; }

        public ImmutableArray<CallEdge> CallsOf(IMethodSymbol caller)
        {
            ScanOnDemand?.Invoke(caller);
            return _calls.TryGetValue(caller.OriginalDefinition, out var calls) ? calls : ImmutableArray<CallEdge>.Empty;
        }

        public IEnumerable<IMethodSymbol> Callers => _calls.Keys;

        // What each scanned body's explicit calls bind to, one list a body, as the scans handed them over; indexed by
        // where each call is written only when a search first reads them (most compilations never do).
        private readonly ConcurrentQueue<List<(SyntaxNode Call, IMethodSymbol Target)>> _unindexedTargets =
            new ConcurrentQueue<List<(SyntaxNode, IMethodSymbol)>>();

        private readonly Dictionary<(SyntaxTree Tree, TextSpan Span), IMethodSymbol> _targets =
            new Dictionary<(SyntaxTree, TextSpan), IMethodSymbol>();

        /// <summary>Records what each call of a scanned body (an invocation expression) binds to, as the scan found it.</summary>
        public void RecordTargets(List<(SyntaxNode Call, IMethodSymbol Target)> targets) => _unindexedTargets.Enqueue(targets);

        /// <summary>
        /// The method the invocation written at <paramref name="span"/> calls, if a scanned body held it: a search
        /// for the callers of a method reads it here instead of binding the body around the call again.
        /// </summary>
        public bool TryGetTarget(SyntaxTree tree, TextSpan span, out IMethodSymbol target)
        {
            lock (_targets)
            {
                while (_unindexedTargets.TryDequeue(out var targets))
                {
                    foreach (var (call, method) in targets)
                    {
                        _targets[(call.SyntaxTree, call.Span)] = method.OriginalDefinition;
                    }
                }

                return _targets.TryGetValue((tree, span), out target!);
            }
        }
    }
}

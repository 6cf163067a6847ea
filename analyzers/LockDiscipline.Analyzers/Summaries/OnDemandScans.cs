using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Prefilter;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// Summaries on demand. A body that touches no lock is not bound while the compilation is analyzed;
    /// only when a caller holding a lock needs to know what it does (sleeps? takes a lock? through which
    /// calls?) is it scanned, once, from its syntax — and then only the methods reachable from such calls.
    /// Bodies the code-block action already scanned are not scanned again.
    /// </summary>
    internal sealed class OnDemandScans
    {
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _scanned =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        private readonly AnalysisServices _services;
        private readonly SleepInference _inference;
        private readonly CallGraph _calls;

        public OnDemandScans(AnalysisServices services, SleepInference inference, CallGraph calls)
        {
            _services = services;
            _inference = inference;
            _calls = calls;
        }

        /// <summary>Set when the compilation ends: the user's might-sleep list for a tree, and cancellation.</summary>
        public Func<SyntaxTree, ImmutableHashSet<string>>? ExtraSleepers { get; set; }

        public CancellationToken CancellationToken { get; set; }

        /// <summary>Records that the code-block action scanned <paramref name="method"/>'s body.</summary>
        public void Scanned(ISymbol owner)
        {
            if (owner is IMethodSymbol method)
            {
                _scanned[method.OriginalDefinition] = true;
            }
        }

        /// <summary>Scans <paramref name="method"/>'s body if nothing has yet: its sleep sites and calls join the summaries' inputs.</summary>
        public void Ensure(IMethodSymbol method)
        {
            var definition = method.OriginalDefinition;
            if (definition.MethodKind == MethodKind.LocalFunction && definition.ContainingSymbol is IMethodSymbol container)
            {
                Ensure(container); // a local function's calls are recorded when its containing body is scanned
                return;
            }

            if (ExtraSleepers is null || !SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _services.Compilation.Assembly)
                || !_scanned.TryAdd(definition, true))
            {
                return;
            }

            var contract = _services.Contracts.For(definition);
            if (contract.NoLockAnalysis)
            {
                return;
            }

            foreach (var reference in definition.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(CancellationToken);
                if (CodeBlockSyntax.GraphRoot(syntax, definition) is not { } rootSyntax)
                {
                    continue;
                }

                // The body was never bound for the driver (it touches no lock), so there is no model to share.
                var model = _services.Compilation.GetSemanticModel(rootSyntax.SyntaxTree);
                if (CodeBlockGraph.RootOperation(model, rootSyntax, CancellationToken) is not { } root || !CodeBlockGraph.IsGraphRoot(root))
                {
                    continue;
                }

                var scan = new BodyScan(_services, definition, ExtraSleepers(rootSyntax.SyntaxTree), contract.TouchesLocks);
                scan.Walk(root);
                scan.Publish(_inference, _calls);
            }
        }
    }
}

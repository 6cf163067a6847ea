using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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

            if (ExtraSleepers is null || !SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _services.Compilation.Assembly))
            {
                return;
            }

            // The driver's model of the body's file, kept for this (it has bound the body for the compilation's analyzers).
            Scan(definition, _services.ModelOf, ExtraSleepers, CancellationToken);
        }

        /// <summary>
        /// While one file is analyzed: scans the methods it declares that its lock-taking bodies call, and what those
        /// call in it, with the driver's model of the file, which has bound the file's bodies for the compilation's
        /// analyzers (most helpers called under a lock sit beside their caller, and a summary needs them all). A
        /// method declared elsewhere, or only partly here, is left to <see cref="Ensure"/>; so is a local function,
        /// which its container's scan covers.
        /// </summary>
        public void ScanInFile(SemanticModel model, IEnumerable<IMethodSymbol> callees, ImmutableHashSet<string> extraSleepers, CancellationToken cancellationToken)
        {
            var tree = model.SyntaxTree;
            var work = new Queue<IMethodSymbol>(callees);
            while (work.Count > 0)
            {
                var method = work.Dequeue().OriginalDefinition;
                // Scan itself skips a method scanned before (this file's lock-taking bodies, or an earlier helper).
                if (method.MethodKind != MethodKind.LocalFunction && DeclaredOnlyIn(method, tree)
                    && Scan(method, _ => model, _ => extraSleepers, cancellationToken))
                {
                    foreach (var call in _calls.CallsOf(method))
                    {
                        work.Enqueue(call.Callee);
                    }
                }
            }
        }

        private static bool DeclaredOnlyIn(IMethodSymbol method, SyntaxTree tree)
        {
            var references = method.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return false;
            }

            foreach (var reference in references)
            {
                if (reference.SyntaxTree != tree)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Scans a method's body once (false if it was scanned before, or is not analyzed): the one path both callers share.</summary>
        private bool Scan(IMethodSymbol definition, Func<SyntaxTree, SemanticModel> modelOf, Func<SyntaxTree, ImmutableHashSet<string>> extraSleepers, CancellationToken cancellationToken)
        {
            if (!_scanned.TryAdd(definition, true))
            {
                return false;
            }

            var contract = _services.Contracts.For(definition);
            if (contract.NoLockAnalysis)
            {
                return false;
            }

            foreach (var reference in definition.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                if (CodeBlockSyntax.GraphRoot(syntax, definition) is not { } rootSyntax)
                {
                    continue;
                }

                if (CodeBlockGraph.RootOperation(modelOf(rootSyntax.SyntaxTree), rootSyntax, cancellationToken) is not { } root || !CodeBlockGraph.IsGraphRoot(root))
                {
                    continue;
                }

                var scan = new BodyScan(_services, definition, extraSleepers(rootSyntax.SyntaxTree), contract.TouchesLocks);
                scan.Walk(root);
                scan.Publish(_inference, _calls);
            }

            return true;
        }
    }
}

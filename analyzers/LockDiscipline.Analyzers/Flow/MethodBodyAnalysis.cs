using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// Analyzes one body and, each as a body of its own, the local functions and lambdas inside it.
    /// A body starts holding the locks its own <c>[Requires]</c>, <c>[MayDrop]</c> and <c>[Releases]</c> name;
    /// a lambda starts holding none.
    /// </summary>
    internal static class MethodBodyAnalysis
    {
        /// <param name="assertedOnEntry">The locks the body asserts its caller holds (<c>BodyScan.AssertedOnEntry</c>): held from the start, as a <c>[Requires]</c> would have them.</param>
        public static void Run(AnalysisServices services, ControlFlowGraph cfg, ISymbol owner, ImmutableHashSet<string> extraSleepers, ILockEventSink sink, bool hasLambdas,
            int visitsPerBlock, ImmutableArray<(LockPath Path, Location At)> assertedOnEntry) =>
            Run(services, cfg, owner, extraSleepers, sink, hasLambdas, WithAsserted(StartState(services, owner), assertedOnEntry), visitsPerBlock);

        /// <summary><paramref name="start"/> holding the asserted locks too, each as taken where it is asserted (for messages).</summary>
        private static PathState WithAsserted(PathState start, ImmutableArray<(LockPath Path, Location At)> asserted)
        {
            foreach (var (path, at) in asserted)
            {
                if (start.Find(path) is null && LockClass.CanClassify(path))
                {
                    start = start.WithLock(HeldOnEntry(path, shared: false, at));
                }
            }

            return start;
        }

        private static void Run(AnalysisServices services, ControlFlowGraph cfg, ISymbol owner, ImmutableHashSet<string> extraSleepers, ILockEventSink sink, bool hasLambdas, PathState start, int visitsPerBlock)
        {
            var transfer = new TransferFunctions(services, new OperationPathResolver(cfg), extraSleepers, owner, cfg);
            var driver = new ControlFlowDriver(cfg, transfer, visitsPerBlock);
            if (driver.Run(start, sink) is { } exit)
            {
                foreach (var path in exit.Paths)
                {
                    sink.On(new BodyExit(owner, path, start, exit.Paths));
                }

                foreach (var path in driver.Thrown.Paths)
                {
                    sink.On(new BodyExit(owner, path, start, exit.Paths, Thrown: true));
                }
            }
            else
            {
                sink.On(new AnalysisAbandoned(owner, driver.BudgetDescription));
            }

            foreach (var localFunction in cfg.LocalFunctions)
            {
                Run(services, cfg.GetLocalFunctionControlFlowGraph(localFunction), localFunction, extraSleepers, sink, hasLambdas, StartState(services, localFunction), visitsPerBlock);
            }

            if (!hasLambdas)
            {
                return;
            }

            foreach (var lambda in AnonymousFunctions(cfg))
            {
                // A lambda passed to a [RunsImmediately] parameter runs under the caller's locks (the
                // locks every call site holds); any other starts with none.
                var lambdaStart = transfer.ImmediateLambdaStates.TryGetValue(lambda.Symbol, out var callers)
                    ? CallerLocks(callers)
                    : PathState.Empty;
                Run(services, cfg.GetAnonymousFunctionControlFlowGraph(lambda), lambda.Symbol, extraSleepers, sink, true, lambdaStart, visitsPerBlock);
            }
        }

        /// <summary>The locks held at every call site that runs the lambda at once, as held on entry.</summary>
        private static PathState CallerLocks(List<PathState> callers)
        {
            var state = PathState.Empty;
            foreach (var held in callers[0].Locks)
            {
                if (!held.IsMaybe && callers.All(c => c.Find(held.Path) is { IsMaybe: false }))
                {
                    state = state.WithLock(held);
                }
            }

            return state;
        }

        private static PathState StartState(AnalysisServices services, ISymbol owner)
        {
            if (owner is not IMethodSymbol { MethodKind: not MethodKind.AnonymousFunction } method)
            {
                return PathState.Empty;
            }

            // Held on entry is what the body's own contract names (nearly always nothing): exclusive first, then shared
            // where the same lock is not already held exclusively.
            var contract = services.Contracts.Effective(method);
            var state = WithHeld(PathState.Empty, contract.Requires, shared: false, method);
            state = WithHeld(state, contract.MayDrop, shared: false, method);
            state = WithHeld(state, contract.Releases, shared: false, method);
            state = WithHeld(state, contract.RequiresShared, shared: true, method);
            return WithHeld(state, contract.ReleasesShared, shared: true, method);
        }

        /// <summary><paramref name="state"/> holding <paramref name="paths"/> on entry to <paramref name="method"/>, as its contract names them.</summary>
        internal static PathState WithHeld(PathState state, ImmutableArray<LockPath> paths, bool shared, IMethodSymbol method)
        {
            foreach (var path in paths)
            {
                if (LockClass.CanClassify(path) && !(shared && state.Find(path) is not null))
                {
                    state = state.WithLock(HeldOnEntry(path, shared, method.Locations.IsEmpty ? Location.None : method.Locations[0]));
                }
            }

            return state;
        }

        /// <summary>A lock held when the body starts, shown in messages as taken at <paramref name="at"/> (the contract's method, or the assertion).</summary>
        private static HeldLock HeldOnEntry(LockPath path, bool shared, Location at) =>
            new HeldLock(path, LockClass.Of(path), LockTypes.KindOf(path.Type), at, shared);

        private static ImmutableArray<IFlowAnonymousFunctionOperation> AnonymousFunctions(ControlFlowGraph cfg)
        {
            var builder = ImmutableArray.CreateBuilder<IFlowAnonymousFunctionOperation>();
            foreach (var block in cfg.Blocks)
            {
                foreach (var operation in block.Operations.Concat(block.BranchValue is null ? Enumerable.Empty<IOperation>() : new[] { block.BranchValue }))
                {
                    if (operation is IFlowAnonymousFunctionOperation self)
                    {
                        builder.Add(self);
                    }

                    builder.AddRange(operation.Descendants().OfType<IFlowAnonymousFunctionOperation>());
                }
            }

            return builder.ToImmutable();
        }
    }
}

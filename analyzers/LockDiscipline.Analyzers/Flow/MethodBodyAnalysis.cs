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
        public static void Run(AnalysisServices services, ControlFlowGraph cfg, ISymbol owner, ImmutableHashSet<string> extraSleepers, ILockEventSink sink, bool hasLambdas = true)
        {
            var transfer = new TransferFunctions(services, new OperationPathResolver(cfg), extraSleepers);
            var driver = new ControlFlowDriver(cfg, transfer);
            driver.Run(StartState(services, owner), sink);

            foreach (var localFunction in cfg.LocalFunctions)
            {
                Run(services, cfg.GetLocalFunctionControlFlowGraph(localFunction), localFunction, extraSleepers, sink, hasLambdas);
            }

            if (!hasLambdas)
            {
                return;
            }

            foreach (var lambda in AnonymousFunctions(cfg))
            {
                Run(services, cfg.GetAnonymousFunctionControlFlowGraph(lambda), lambda.Symbol, extraSleepers, sink);
            }
        }

        private static PathState StartState(AnalysisServices services, ISymbol owner)
        {
            if (owner is not IMethodSymbol { MethodKind: not MethodKind.AnonymousFunction } method)
            {
                return PathState.Empty;
            }

            var contract = services.Contracts.For(method);
            var state = PathState.Empty;
            var location = method.Locations.FirstOrDefault() ?? Location.None;
            foreach (var path in contract.Requires.Concat(contract.MayDrop).Concat(contract.Releases))
            {
                if (LockClass.CanClassify(path))
                {
                    state = state.WithLock(new HeldLock(path, LockClass.Of(path), LockTypes.KindOf(path.Type), location));
                }
            }

            return state;
        }

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

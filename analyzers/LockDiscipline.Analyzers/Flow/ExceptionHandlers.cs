using System.Collections.Generic;
using LockDiscipline.Analyzers.Annotations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// Where an exception goes in one graph, worked out once when its driver is made: for each block, the handlers
    /// an exception raised there reaches first; which blocks belong to a finally (whose states go on only from its
    /// end); and which <c>catch (AbandonedMutexException)</c> handlers are entered only from a wait on a mutex.
    /// </summary>
    internal sealed class ExceptionHandlers
    {
        private static readonly List<int> NoHandlers = new List<int>();

        private readonly List<int>[] _ofBlock;
        private readonly bool[] _inFinally;

        /// <summary>The first blocks of <c>catch (AbandonedMutexException)</c> handlers fed only after a mutex wait; null when the graph has none (nearly always).</summary>
        private readonly HashSet<int>? _abandonedMutexCatches;

        public ExceptionHandlers(ControlFlowGraph cfg)
        {
            var count = cfg.Blocks.Length;
            _ofBlock = new List<int>[count];
            _inFinally = new bool[count];
            for (var i = 0; i < count; i++)
            {
                _ofBlock[i] = HandlerEntries(cfg.Blocks[i], cfg.Root);
                _inFinally[i] = InFinallyRegion(cfg.Blocks[i], cfg.Root);
            }

            _abandonedMutexCatches = AbandonedMutexCatches(cfg, cfg.Root, null);
        }

        /// <summary>
        /// The first blocks of the handlers an exception raised in block <paramref name="block"/> reaches first: the catch
        /// and finally handlers of the innermost try around it and, past a try whose catches may not catch it (typed
        /// ones, no finally), those of the next. A finally stops the search: the exception leaves it at its end, where
        /// the driver hands the state on to the handlers around it, so a lock the finally released is not held there.
        /// </summary>
        public List<int> Of(int block) => _ofBlock[block];

        /// <summary>True for a block of a finally (not of a try nested in it): its exceptional states are not recorded.</summary>
        public bool InFinally(int block) => _inFinally[block];

        public bool HasAbandonedMutexCatches => _abandonedMutexCatches is not null;

        /// <summary>An operation that waits on a <c>Mutex</c> (<c>m.WaitOne()</c>, <c>ok = m.WaitOne(100)</c>, <c>Use(m.WaitOne())</c>).</summary>
        public static bool HasMutexWait(IOperation operation) => MutexWaitIn(operation) is not null;

        /// <summary>The first wait on a <c>Mutex</c> in <paramref name="operation"/>, if it has one.</summary>
        public static IInvocationOperation? MutexWaitIn(IOperation operation)
        {
            foreach (var node in operation.DescendantsAndSelf())
            {
                if (node is IInvocationOperation { TargetMethod.Name: "WaitOne", Instance: { } receiver } wait
                    && LockTypes.IsSystemThreading(receiver.Type, "Mutex"))
                {
                    return wait;
                }
            }

            return null;
        }

        /// <summary>A <c>catch (AbandonedMutexException)</c> handler entered only from the states after a mutex wait.</summary>
        public bool IsAbandonedMutexCatch(int handler) => _abandonedMutexCatches is not null && _abandonedMutexCatches.Contains(handler);

        private static List<int> HandlerEntries(BasicBlock block, ControlFlowRegion root)
        {
            List<int>? handlers = null;

            // Stop at this graph's root: a lambda's root region is nested in its parent's regions, whose
            // handlers are blocks of the parent graph (a try around the lambda does not catch inside it).
            for (var region = block.EnclosingRegion; region is not null && region != root; region = region.EnclosingRegion)
            {
                if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { } tryStatement)
                {
                    continue;
                }

                var stops = false;
                foreach (var sibling in tryStatement.NestedRegions)
                {
                    if (sibling != region && sibling.Kind is ControlFlowRegionKind.Finally or ControlFlowRegionKind.Catch or ControlFlowRegionKind.FilterAndHandler)
                    {
                        (handlers ??= new List<int>()).Add(sibling.FirstBlockOrdinal);
                        stops |= sibling.Kind == ControlFlowRegionKind.Finally || (sibling.Kind == ControlFlowRegionKind.Catch && CatchesAll(sibling));
                    }
                }

                if (stops)
                {
                    break;
                }
            }

            return handlers ?? NoHandlers;
        }

        private static bool InFinallyRegion(BasicBlock block, ControlFlowRegion root)
        {
            for (var region = block.EnclosingRegion; region is not null && region != root; region = region.EnclosingRegion)
            {
                if (region.Kind == ControlFlowRegionKind.Try)
                {
                    return false;
                }

                if (region.Kind == ControlFlowRegionKind.Finally)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A catch of every exception: untyped, or of <c>Exception</c> or <c>object</c>.</summary>
        private static bool CatchesAll(ControlFlowRegion handler) =>
            handler.ExceptionType is null
            || handler.ExceptionType.SpecialType == SpecialType.System_Object
            || handler.ExceptionType is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        /// <summary>
        /// The <c>catch (AbandonedMutexException)</c> handlers whose try waits on a mutex in a statement of its own (not
        /// only in a condition, nor inside a call): only those are fed from the state after the wait. Any other is fed
        /// as every handler is, rather than left unreachable.
        /// </summary>
        private static HashSet<int>? AbandonedMutexCatches(ControlFlowGraph cfg, ControlFlowRegion region, HashSet<int>? found)
        {
            if (region.Kind == ControlFlowRegionKind.Catch && LockTypes.IsSystemThreading(region.ExceptionType, "AbandonedMutexException")
                && region.EnclosingRegion is { } tryStatement && TryWaitsOnAMutex(cfg, tryStatement, region))
            {
                (found ??= new HashSet<int>()).Add(region.FirstBlockOrdinal);
            }

            foreach (var nested in region.NestedRegions)
            {
                found = AbandonedMutexCatches(cfg, nested, found);
            }

            return found;
        }

        private static bool TryWaitsOnAMutex(ControlFlowGraph cfg, ControlFlowRegion tryStatement, ControlFlowRegion handler)
        {
            foreach (var sibling in tryStatement.NestedRegions)
            {
                if (sibling == handler || sibling.Kind != ControlFlowRegionKind.Try)
                {
                    continue;
                }

                for (var ordinal = sibling.FirstBlockOrdinal; ordinal <= sibling.LastBlockOrdinal; ordinal++)
                {
                    foreach (var operation in cfg.Blocks[ordinal].Operations)
                    {
                        if (HasMutexWait(operation))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}

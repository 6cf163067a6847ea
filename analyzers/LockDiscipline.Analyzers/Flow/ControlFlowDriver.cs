using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Lattice;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// Runs the transfer functions over one control-flow graph to a fixpoint (a worklist in block
    /// order, joining where blocks meet). Each block's events from its latest interpretation are kept
    /// (<see cref="EventBuffer"/>) and replayed once the fixpoint is reached, so each event is raised
    /// from the final states, and no block is interpreted only to report.
    /// <para>
    /// <c>finally</c>: a branch that leaves a <c>try</c> runs its finally regions on the way
    /// (<see cref="ControlFlowBranch.FinallyRegions"/>), as a continuation, so the state after the
    /// finally reaches the branch's real destination. Exceptions: every state inside a <c>try</c>
    /// also flows into its <c>finally</c> and <c>catch</c> handlers.
    /// </para>
    /// <para>Bounded: a method whose fixpoint needs more than a fixed number of block visits per block is
    /// abandoned; it raises <see cref="AnalysisAbandoned"/> and nothing else.</para>
    /// </summary>
    internal sealed class ControlFlowDriver
    {
        /// <summary>The <c>.editorconfig</c> key that sets the bound: visits per block before a body's analysis is given up.</summary>
        public const string VisitsPerBlockOptionKey = "lockdiscipline.max_visits_per_block";

        public const int DefaultVisitsPerBlock = 24;

        private readonly int _visitsPerBlock;

        /// <summary>The bound, as the give-up diagnostic states it.</summary>
        public string BudgetDescription => $"its fixpoint needed more than {_visitsPerBlock} visits per block; raise {VisitsPerBlockOptionKey} to analyze it";

        /// <summary>The bound set in <c>.editorconfig</c>, or the default.</summary>
        public static int VisitsPerBlockFrom(string? optionText) =>
            int.TryParse(optionText?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultVisitsPerBlock;

        private readonly ControlFlowGraph _cfg;
        private readonly TransferFunctions _transfer;
        private readonly FlowState[] _inputs;
        private readonly FlowState[] _handlerInputs;
        private readonly ExceptionHandlers _handlers;
        private readonly Dictionary<ControlFlowRegion, (FlowState In, FlowState Out, List<LockEvent> Releases)> _finallyMemo =
            new Dictionary<ControlFlowRegion, (FlowState, FlowState, List<LockEvent>)>(GraphIdentity.Instance);

        /// <summary>
        /// Releases of locks not held, made by a finally region run as the continuation of a normal branch
        /// (<c>Monitor.Exit(x)</c> in the try, and again in the finally), from each branch's latest run. The
        /// finally's own blocks are interpreted from every state that can reach them — exceptional ones
        /// included, where the lock may still be held — so only this continuation knows that the normal path
        /// releases it twice. Raised after the fixpoint, beside the blocks' events.
        /// </summary>
        private readonly Dictionary<(ControlFlowRegion, ControlFlowBranch), List<LockEvent>> _continuationReleases =
            new Dictionary<(ControlFlowRegion, ControlFlowBranch), List<LockEvent>>(GraphIdentity.Instance);
        private bool _recordExceptional = true;

        public ControlFlowDriver(ControlFlowGraph cfg, TransferFunctions transfer, int visitsPerBlock = DefaultVisitsPerBlock)
        {
            _visitsPerBlock = visitsPerBlock;
            _cfg = cfg;
            _transfer = transfer;
            var count = cfg.Blocks.Length;
            _inputs = new FlowState[count];
            _handlerInputs = new FlowState[count];
            for (var i = 0; i < count; i++)
            {
                _inputs[i] = _handlerInputs[i] = FlowState.Unreachable;
            }
            _handlers = new ExceptionHandlers(cfg);
        }

        /// <summary>Raise a <see cref="Returned"/> event for each value a <c>return</c> returns (contract inference reads them; rules do not).</summary>
        public bool ReportsReturns { get; set; }

        /// <summary>The states in which the body throws out of itself: no catch or finally of the body is on the way.</summary>
        public FlowState Thrown { get; private set; } = FlowState.Unreachable;

        /// <summary>Runs to the fixpoint and reports; returns the state at the exit block, or null when the budget ran out.</summary>
        public FlowState? Run(PathState start, ILockEventSink sink)
        {
            _inputs[0] = FlowState.Of(start);
            var work = new BlockWorklist(_cfg.Blocks.Length);
            work.Add(0);
            var events = new EventBuffer(_cfg.Blocks.Length);
            _transfer.Sink = events;
            var budget = _visitsPerBlock * _cfg.Blocks.Length;
            while (work.Count > 0)
            {
                if (--budget < 0)
                {
                    _transfer.Sink = null;
                    return null;
                }

                var ordinal = work.TakeLowest();
                events.BeginBlock(ordinal);
                var exits = ProcessBlock(_cfg.Blocks[ordinal], InputOf(ordinal), work);
                for (var e = 0; e < exits.Count; e++)
                {
                    var (branch, leaving) = exits[e];
                    if (Destination(branch) is not { } destination)
                    {
                        if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
                        {
                            PassOnFromFinally(_cfg.Blocks[ordinal], leaving, work);
                        }

                        if (branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow
                            && _handlers.Of(ordinal).Count == 0 && IsWrittenThrow(_cfg.Blocks[ordinal]))
                        {
                            // A throw that no handler of this body catches leaves it, as a return does (not the
                            // compiler's own, such as a switch expression's unreachable no-match arm).
                            Thrown = Merge(Thrown, leaving, mark: false);
                        }

                        continue;
                    }

                    // Paths that leave one block apart can already be indistinguishable (a lock whose last name a
                    // loop overwrote): that loss is reported where they go, as at any merge. The listener is made
                    // only where paths meet: most branches carry one path into a block nothing else reaches yet.
                    // Not into the exit, as no merge there is marked: a lock held on one returning path and not another is
                    // LD0004's ("returns on some path"), which an uncorrelated mark would silence with no LD0007 in its place.
                    var marked = leaving.Paths.Length > 1 && destination != _cfg.Blocks.Length - 1 ? leaving.Marked(UncorrelatedAt(destination)) : leaving;
                    // A branch passes through a finally only out of a try around its block, whose handlers the block lists.
                    var flow = _handlers.Of(ordinal).Count == 0 ? marked : ThroughFinallies(branch, marked, work);
                    var joined = Merge(_inputs[destination], flow, destination, mark: destination != _cfg.Blocks.Length - 1);
                    if (!joined.Equals(_inputs[destination]))
                    {
                        _inputs[destination] = joined;
                        work.Add(destination);
                    }
                }
            }

            _transfer.Sink = null;
            events.Replay(sink);
            foreach (var releases in _continuationReleases.Values)
            {
                foreach (var e in releases)
                {
                    sink.On(e);
                }
            }

            foreach (var (held, block) in _uncorrelated)
            {
                sink.On(new UncorrelatedMerge(held, _cfg.Blocks[block]));
            }

            return _inputs[_cfg.Blocks.Length - 1];
        }

        /// <summary>
        /// What a block is interpreted from: everything that reached it, with paths that share a lockset
        /// merged now that all of them are known, unless that would lose what tells one of them apart
        /// from a path holding other locks (ESP, with the correlation kept where it matters).
        /// </summary>
        private System.Action<HeldLock>?[]? _uncorrelatedAt;

        /// <summary>Hears of the locks that paths meeting at <paramref name="destination"/> cannot tell apart: one listener per block, not one per visit.</summary>
        private System.Action<HeldLock> UncorrelatedAt(int destination)
        {
            _uncorrelatedAt ??= new System.Action<HeldLock>?[_cfg.Blocks.Length];
            return _uncorrelatedAt[destination] ??= held => _uncorrelated.Add((held, destination));
        }

        private FlowState InputOf(int ordinal) => Merge(_inputs[ordinal], _handlerInputs[ordinal]).Compacted();

        /// <summary>
        /// Where paths meet: the lattice join, bounded, and (<paramref name="mark"/>) the correlation check
        /// that marks locks the meeting paths cannot tell apart, reported as met at block <paramref name="reportAt"/>
        /// (its listener is made only when marking runs). Nothing is marked when one side adds nothing.
        /// </summary>
        private FlowState Merge(FlowState into, FlowState flow, int? reportAt = null, bool mark = true)
        {
            var joined = into.Join(flow);
            if (ReferenceEquals(joined, into) || ReferenceEquals(joined, flow))
            {
                return joined;
            }

            return mark ? joined.Marked(reportAt is { } at ? UncorrelatedAt(at) : null) : joined.Widen();
        }

        /// <summary>Locks found uncorrelated where paths meet, with the block where they met (LD0007, raised after the fixpoint).</summary>
        private readonly List<(HeldLock Lock, int Block)> _uncorrelated = new List<(HeldLock, int)>();

        /// <summary>A <c>throw</c> the code spells (a statement, an expression, a rethrow), not one the compiler adds.</summary>
        private static bool IsWrittenThrow(BasicBlock block) =>
            block.BranchValue is not { } thrown
            || thrown.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ThrowStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ThrowExpressionSyntax
            || thrown.Syntax.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.ThrowStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ThrowExpressionSyntax;

        private static int? Destination(ControlFlowBranch branch) =>
            branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling ? null : branch.Destination?.Ordinal;

        /// <summary>Interprets one block; returns the states leaving along each outgoing branch.</summary>
        private BlockExits ProcessBlock(BasicBlock block, FlowState input, BlockWorklist? work)
        {
            // Almost always one path flows through a block: keep it in a local until an operation splits it.
            var single = input.Paths.Length == 1 ? input.Paths[0] : null;
            var many = single is null ? new List<PathState>(input.Paths) : null;
            _lastExceptional = null;
            RecordExceptional(block, single, many, work, after: null);
            var operations = block.Operations;
            for (var index = 0; index < operations.Length; index++)
            {
                var operation = operations[index];
                var beforeSingle = single;
                var beforeMany = many;
                if (single is not null)
                {
                    var outcomes = _transfer.Eval(operation, single);
                    if (outcomes.Count == 1)
                    {
                        single = outcomes[0].State;
                    }
                    else
                    {
                        many = new List<PathState>(outcomes.Count);
                        for (var i = 0; i < outcomes.Count; i++)
                        {
                            many.Add(outcomes[i].State);
                        }

                        single = null;
                    }
                }
                else
                {
                    var next = new List<PathState>(many!.Count);
                    foreach (var path in many)
                    {
                        var outcomes = _transfer.Eval(operation, path);
                        for (var i = 0; i < outcomes.Count; i++)
                        {
                            next.Add(outcomes[i].State);
                        }
                    }

                    many = next;
                }

                // An exception thrown by an operation leaves in the state before it, recorded already; the state after
                // it reaches the handlers only if something after it in the block may throw (a later operation, the
                // branch's value, a throw or a rethrow). The successor, if it is in the try too, records its own entry.
                var lastToRun = index == operations.Length - 1 && block.BranchValue is null
                    && block.FallThroughSuccessor?.Semantics is not (ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow);
                RecordExceptional(block, single, many, work, after: operation, beforeSingle, beforeMany, lastToRun);
            }

            var outgoing = default(BlockExits);
            if (block.BranchValue is null)
            {
                outgoing.Add(block.FallThroughSuccessor, single is not null ? FlowState.Of(single) : FlowState.Of(many!));
                return outgoing;
            }

            var evaluated = new List<(PathState State, AbstractValue Value)>(many?.Count ?? 1);
            if (single is not null)
            {
                AddOutcomes(evaluated, _transfer.Eval(block.BranchValue, single));
            }
            else
            {
                foreach (var path in many!)
                {
                    AddOutcomes(evaluated, _transfer.Eval(block.BranchValue, path));
                }
            }

            if (block.ConditionKind == ControlFlowConditionKind.None)
            {
                var returns = ReportsReturns && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return;
                var states = new List<PathState>(evaluated.Count);
                foreach (var (state, value) in evaluated)
                {
                    states.Add(state);
                    if (returns)
                    {
                        _transfer.Sink?.On(new Returned(state, value));
                    }
                }

                outgoing.Add(block.FallThroughSuccessor, states);
                return outgoing;
            }

            var jumpWhen = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
            var conditional = new List<PathState>();
            var fallThrough = new List<PathState>();
            foreach (var (state, value) in evaluated)
            {
                if (value.Bool == BoolState.Unknown)
                {
                    AddIfFeasible(conditional, _transfer.Refiner.Assume(block.BranchValue, jumpWhen, state));
                    AddIfFeasible(fallThrough, _transfer.Refiner.Assume(block.BranchValue, !jumpWhen, state));
                }
                else
                {
                    (value.IsDefinitelyTrue == jumpWhen ? conditional : fallThrough).Add(state);
                }
            }

            outgoing.Add(block.ConditionalSuccessor, conditional);
            outgoing.Add(block.FallThroughSuccessor, fallThrough);
            return outgoing;
        }

        private static void AddOutcomes(List<(PathState State, AbstractValue Value)> into, Outcomes<AbstractValue> outcomes)
        {
            for (var i = 0; i < outcomes.Count; i++)
            {
                into.Add(outcomes[i]);
            }
        }

        private static void AddIfFeasible(List<PathState> into, PathState? state)
        {
            if (state is not null)
            {
                into.Add(state);
            }
        }

        /// <summary>Runs the finally regions a branch passes through, innermost first.</summary>
        private FlowState ThroughFinallies(ControlFlowBranch branch, FlowState flow, BlockWorklist? work)
        {
            foreach (var region in branch.FinallyRegions)
            {
                flow = RunFinally(region, branch, flow, work);
            }

            return flow;
        }

        /// <summary>The state after a finally region entered with <paramref name="input"/>: a local fixpoint over its blocks.</summary>
        private FlowState RunFinally(ControlFlowRegion region, ControlFlowBranch through, FlowState input, BlockWorklist? work)
        {
            var entry = region.FirstBlockOrdinal;
            var accumulated = Merge(_handlerInputs[entry], input);
            if (!accumulated.Equals(_handlerInputs[entry]))
            {
                _handlerInputs[entry] = accumulated;
                work?.Add(entry);
            }

            if (_finallyMemo.TryGetValue(region, out var memo) && memo.In.Equals(input))
            {
                _continuationReleases[(region, through)] = memo.Releases;
                return memo.Out;
            }

            var local = new Dictionary<int, FlowState> { [entry] = input };
            var regionBlocks = region.LastBlockOrdinal - entry + 1;
            var pending = new BlockWorklist(regionBlocks); // the region's blocks, numbered from its entry: not the graph's
            pending.Add(0);
            var output = FlowState.Unreachable;
            var budget = _visitsPerBlock * regionBlocks + 16;
            var saved = _recordExceptional;
            var savedSink = _transfer.Sink;
            _recordExceptional = false;
            var releases = new UnheldReleases();
            _transfer.Sink = savedSink is null ? null : releases;
            while (pending.Count > 0 && --budget >= 0)
            {
                var ordinal = entry + pending.TakeLowest();
                var exits = ProcessBlock(_cfg.Blocks[ordinal], local[ordinal], null);
                for (var e = 0; e < exits.Count; e++)
                {
                    var (branch, leaving) = exits[e];
                    var flow = ThroughFinallies(branch, leaving.Marked(null), work);
                    var destination = branch.Destination?.Ordinal;
                    if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling || destination is null)
                    {
                        output = Merge(output, flow);
                    }
                    else if (destination >= entry && destination <= region.LastBlockOrdinal)
                    {
                        var old = local.TryGetValue(destination.Value, out var known) ? known : FlowState.Unreachable;
                        var joined = Merge(old, flow);
                        if (!joined.Equals(old))
                        {
                            local[destination.Value] = joined;
                            pending.Add(destination.Value - entry);
                        }
                    }
                }
            }

            _recordExceptional = saved;
            _transfer.Sink = savedSink;
            _finallyMemo[region] = (input, output, releases.Events);
            if (savedSink is not null)
            {
                _continuationReleases[(region, through)] = releases.Events;
            }

            return output;
        }

        /// <summary>Keeps only the releases of locks that are not held.</summary>
        private sealed class UnheldReleases : ILockEventSink
        {
            public List<LockEvent> Events { get; } = new List<LockEvent>();

            public void On(LockEvent e)
            {
                if (e is Released { WasHeld: null })
                {
                    Events.Add(e);
                }
            }
        }

        /// <summary>States inside a try flow to its handlers (<see cref="ExceptionHandlers"/>), since an exception may leave from any of them.</summary>
        private void RecordExceptional(BasicBlock block, PathState? single, List<PathState>? many, BlockWorklist? work, IOperation? after,
            PathState? beforeSingle = null, List<PathState>? beforeMany = null, bool lastToRun = false)
        {
            var handlers = _handlers.Of(block.Ordinal);
            if (!_recordExceptional || handlers.Count == 0 || (single is null && many!.Count == 0) || _handlers.InFinally(block.Ordinal))
            {
                return; // a finally's own states reach the handlers around it at its end (PassOnFromFinally), released locks released
            }

            // A catch (AbandonedMutexException) is entered only from a mutex wait, owning the mutex (its last owner died
            // holding it): from the states the wait leaves when it throws that, not from the states around it.
            FlowState? abandoned = null;
            if (_handlers.HasAbandonedMutexCatches && after is not null && ExceptionHandlers.HasMutexWait(after))
            {
                var owning = _transfer.AfterAbandonedWait(after, beforeSingle is not null ? new[] { beforeSingle } : beforeMany!, single is not null ? new[] { single } : many!);
                abandoned = owning.Count == 0 ? null : owning.Count == 1 ? FlowState.Of(owning[0]) : FlowState.Of(owning).Marked(null);
            }
            else if (lastToRun || (single is not null && AllInclude(handlers, single)))
            {
                return; // the common case after the first visit: nothing new for any handler, and nothing to build
            }

            if (lastToRun)
            {
                Feed(handlers, flow: null, abandoned, work);
                return;
            }

            FlowState flow;
            if (single is not null)
            {
                flow = FlowState.Of(single);
            }
            else if (_lastExceptional is { } last && SameStates(last.Paths, many!))
            {
                flow = last.Flow; // an operation that changed no path: the same states, already marked once
            }
            else
            {
                flow = FlowState.Of(many!).Marked(null);
                _lastExceptional = (many!, flow);
            }

            Feed(handlers, flow, abandoned, work);
        }

        /// <summary>
        /// Joins <paramref name="flow"/> into the inputs of the handlers (none: after the block's last operation), and
        /// <paramref name="abandoned"/> (the states after a mutex wait that threw <c>AbandonedMutexException</c>; null where
        /// no wait is) into those of the catches of it.
        /// </summary>
        private void Feed(List<int> handlers, FlowState? flow, FlowState? abandoned, BlockWorklist? work)
        {
            foreach (var handler in handlers)
            {
                var entering = _handlers.IsAbandonedMutexCatch(handler) ? abandoned : flow;
                if (entering is null)
                {
                    continue;
                }

                var joined = Merge(_handlerInputs[handler], entering);
                if (!joined.Equals(_handlerInputs[handler]))
                {
                    _handlerInputs[handler] = joined;
                    work?.Add(handler);
                }
            }
        }

        /// <summary>The paths last recorded for the block being interpreted, and their state: reset for each block.</summary>
        private (List<PathState> Paths, FlowState Flow)? _lastExceptional;

        private static bool SameStates(List<PathState> a, List<PathState> b)
        {
            if (a.Count != b.Count)
            {
                return false;
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (!ReferenceEquals(a[i], b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private bool AllInclude(List<int> handlers, PathState path)
        {
            foreach (var handler in handlers)
            {
                if (!_handlers.IsAbandonedMutexCatch(handler) && !_handlerInputs[handler].Includes(path))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The end of a finally (the only region a structured-exception branch leaves) that an exception ran: the
        /// exception goes on to the handlers around the try, in the state the finally left (what it released is
        /// released). The end of a finally no try encloses leaves the body.
        /// </summary>
        private void PassOnFromFinally(BasicBlock block, FlowState leaving, BlockWorklist work)
        {
            if (!leaving.IsUnreachable)
            {
                Feed(_handlers.Of(block.Ordinal), leaving, abandoned: null, work);
            }
        }
    }
}

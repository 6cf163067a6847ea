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
    /// The transfer functions: how one operation of the control-flow graph changes a path state, and
    /// what value it yields. Most operations yield one state; a try-acquire yields two (acquired, with
    /// its result true; not acquired, with it false), which is how a try-lock's outcome stays correlated
    /// with the branch or the <c>bool</c> local that tests it. Events go to the sink, when there is one.
    /// </summary>
    internal sealed class TransferFunctions
    {
        private readonly AnalysisServices _services;
        private readonly OperationPathResolver _paths;
        private readonly ImmutableHashSet<string> _extraSleepers;

        // The fixpoint interprets each operation several times; what depends only on the operation is worked out once.
        private readonly Dictionary<IOperation, MethodContract> _contracts = new Dictionary<IOperation, MethodContract>();
        private readonly Dictionary<(IOperation, LockPath, bool), HeldLock?> _heldLocks = new Dictionary<(IOperation, LockPath, bool), HeldLock?>();

        private readonly Dictionary<IOperation, LockPath?> _guardPaths = new Dictionary<IOperation, LockPath?>();

        // A constructor's own [GuardedBy] members are not shared yet: no lock needed (as in Clang).
        private readonly bool _inConstructor;

        public TransferFunctions(AnalysisServices services, OperationPathResolver paths, ImmutableHashSet<string> extraSleepers, ISymbol? owner = null)
        {
            _services = services;
            _paths = paths;
            _extraSleepers = extraSleepers;
            _inConstructor = owner is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor };
            Refiner = new ConditionRefiner(paths);
        }

        /// <summary>
        /// The states in which lambdas passed to <c>[RunsImmediately]</c> parameters are invoked, by lambda:
        /// each such lambda is then analyzed starting from them.
        /// </summary>
        public Dictionary<IMethodSymbol, List<PathState>> ImmediateLambdaStates { get; } =
            new Dictionary<IMethodSymbol, List<PathState>>(SymbolEqualityComparer.Default);

        /// <summary>Where events go: the driver's per-block buffer during the fixpoint; null inside a finally continuation, whose blocks report from their own visit.</summary>
        public ILockEventSink? Sink { get; set; }

        public ConditionRefiner Refiner { get; }

        public Outcomes<AbstractValue> Eval(IOperation operation, PathState state)
        {
            if (IsInert(operation))
            {
                return One(state, AbstractValue.Unknown);
            }

            switch (operation)
            {
                case IInvocationOperation invocation:
                    return EvalCall(invocation, invocation.TargetMethod, invocation.Instance, invocation.Arguments, state);

                case IPropertyReferenceOperation property:
                    return EvalProperty(property, state);

                case ISimpleAssignmentOperation assignment:
                {
                    var assigned = Eval(assignment.Value, state);
                    ReportGuarded(assignment.Target, assigned, write: true);
                    return Assign(Refiner.KeyOf(assignment.Target), assigned);
                }

                case IFlowCaptureOperation capture:
                    return Assign(VariableKey.Of(capture.Id), Eval(capture.Value, state));

                case IFlowCaptureReferenceOperation:
                    return One(state, state.ValueOf(Refiner.KeyOf(operation)!.Value));

                case ILocalReferenceOperation or IParameterReferenceOperation:
                    return ReadVariable(operation, state);

                case IInstanceReferenceOperation or IFlowAnonymousFunctionOperation or IDelegateCreationOperation:
                    return One(state, AbstractValue.NonNullHandle);

                case ILiteralOperation or IDefaultValueOperation:
                    return One(state, ConstantValue(operation));

                case IConversionOperation conversion when conversion.OperatorMethod is null:
                    return Eval(conversion.Operand, state);

                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Negate(Eval(not.Operand, state));

                case IBinaryOperation binary:
                    return EvalBinary(binary, state);

                case IIsNullOperation isNull:
                    return NullTested(Eval(isNull.Operand, state), trueMeansNull: true);

                case IIsPatternOperation pattern:
                    return ConditionRefiner.PatternTestsNull(pattern.Pattern) is bool trueMeansNull
                        ? NullTested(Eval(pattern.Value, state), trueMeansNull)
                        : WithValue(Eval(pattern.Value, state), AbstractValue.Unknown);

                case IObjectCreationOperation { Constructor: { } constructor } creation when ContractAt(creation, constructor, null).TouchesLocks:
                {
                    // A [ScopedLock] guard's constructor: its acquires happen, and the new object carries the lock.
                    var created = EvalCall(creation, constructor, null, creation.Arguments, state);
                    var results = default(Outcomes<AbstractValue>);
                    for (var i = 0; i < created.Count; i++)
                    {
                        results.Add(created[i].State, created[i].Value with { Null = NullState.NonNull });
                    }

                    return results;
                }

                case IObjectCreationOperation creation:
                    return WithValue(EvalChildren(creation, state),
                        creation.Type is { IsValueType: true } t && Handles.HasIsNullProperty(t) && creation.Arguments.IsEmpty ? AbstractValue.NullHandle : AbstractValue.NonNullHandle);

                case IAwaitOperation awaitOperation:
                {
                    var awaited = Eval(awaitOperation.Operation, state);
                    for (var i = 0; i < awaited.Count; i++)
                    {
                        ReportSleep(awaited[i].State, awaitOperation, new SleepCause("'await'", "suspends the method"), ImmutableArray<LockPath>.Empty);
                    }

                    return WithValue(awaited, AbstractValue.Unknown);
                }

                case IFieldReferenceOperation field:
                {
                    var read = field.Instance is null
                        ? One(state, AbstractValue.Unknown)
                        : Dereference(field.Instance, Eval(field.Instance, state));
                    return ReportGuarded(field, read, write: false);
                }

                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return One(state, AbstractValue.NonNullHandle);

                case ICompoundAssignmentOperation or IIncrementOrDecrementOperation or ICoalesceAssignmentOperation:
                    // The target's new value is not tracked: forget what was known of it.
                    var target = ((IAssignmentOperation?)(operation as ICompoundAssignmentOperation) ?? operation as ICoalesceAssignmentOperation)?.Target
                        ?? (operation as IIncrementOrDecrementOperation)?.Target;
                    var updated = target is not null && GuardAt(target) is not null
                        ? EvalGuardedUpdate(operation, target, state)
                        : EvalChildren(operation, state);
                    if (target is not null)
                    {
                        ReportGuarded(target, updated, write: true);
                    }

                    return Assign(Refiner.KeyOf(target), WithValue(updated, AbstractValue.Unknown));

                default:
                    return WithValue(EvalChildren(operation, state), AbstractValue.Unknown);
            }
        }

        private static Outcomes<AbstractValue> Assign(VariableKey? key, Outcomes<AbstractValue> outcomes)
        {
            if (key is null)
            {
                return outcomes;
            }

            var assigned = default(Outcomes<AbstractValue>);
            for (var i = 0; i < outcomes.Count; i++)
            {
                var (s, v) = outcomes[i];
                assigned.Add(s.WithValue(key.Value, v), v);
            }

            return assigned;
        }

        private static Outcomes<AbstractValue> WithValue(Outcomes<AbstractValue> outcomes, AbstractValue value)
        {
            var mapped = default(Outcomes<AbstractValue>);
            for (var i = 0; i < outcomes.Count; i++)
            {
                mapped.Add(outcomes[i].State, value);
            }

            return mapped;
        }

        private static Outcomes<AbstractValue> Negate(Outcomes<AbstractValue> outcomes)
        {
            var mapped = default(Outcomes<AbstractValue>);
            for (var i = 0; i < outcomes.Count; i++)
            {
                mapped.Add(outcomes[i].State, outcomes[i].Value.Negate());
            }

            return mapped;
        }

        private static Outcomes<AbstractValue> NullTested(Outcomes<AbstractValue> outcomes, bool trueMeansNull)
        {
            var mapped = default(Outcomes<AbstractValue>);
            for (var i = 0; i < outcomes.Count; i++)
            {
                mapped.Add(outcomes[i].State, NullTest(outcomes[i].Value, trueMeansNull));
            }

            return mapped;
        }

        private Outcomes<AbstractValue> Dereference(IOperation instance, Outcomes<AbstractValue> outcomes)
        {
            var mapped = default(Outcomes<AbstractValue>);
            for (var i = 0; i < outcomes.Count; i++)
            {
                mapped.Add(Refiner.Dereferenced(instance, outcomes[i].State), AbstractValue.Unknown);
            }

            return mapped;
        }

        /// <summary>Evaluates the children for their effects, left to right; their values are dropped.</summary>
        private Outcomes<AbstractValue> EvalChildren(IOperation operation, PathState state)
        {
            var current = One(state, AbstractValue.Unknown);
            foreach (var child in operation.ChildOperations)
            {
                if (IsInert(child))
                {
                    continue;
                }

                var next = default(Outcomes<AbstractValue>);
                for (var i = 0; i < current.Count; i++)
                {
                    var outcomes = Eval(child, current[i].State);
                    for (var k = 0; k < outcomes.Count; k++)
                    {
                        next.Add(outcomes[k].State, AbstractValue.Unknown);
                    }
                }

                current = next;
            }

            return current;
        }


        /// <summary>
        /// True for an operation whose evaluation can change nothing the analysis tracks and whose value
        /// it cannot know (arithmetic, string work, reads of untracked data): it is skipped, which is
        /// most of the operations of most bodies.
        /// </summary>
        private bool IsInert(IOperation operation)
        {
            return operation switch
            {
                IInvocationOperation or IPropertyReferenceOperation or IAssignmentOperation or IIncrementOrDecrementOperation
                    or IFlowCaptureOperation or IFlowCaptureReferenceOperation or IAwaitOperation or IObjectCreationOperation
                    or ILocalReferenceOperation or IParameterReferenceOperation or ILiteralOperation or IDefaultValueOperation
                    or IIsNullOperation or IIsPatternOperation or IInstanceReferenceOperation or IFlowAnonymousFunctionOperation
                    or IDelegateCreationOperation or IAnonymousFunctionOperation or IDeclarationExpressionOperation => false,
                IFieldReferenceOperation field => (field.Instance is null || IsInert(field.Instance)) && _services.Contracts.GuardOf(field.Field) is null,
                _ => AllInert(operation),
            };
        }

        private bool AllInert(IOperation operation)
        {
            foreach (var child in operation.ChildOperations)
            {
                if (!IsInert(child))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A local or parameter read. A value read under a lock that a call since may have dropped is
        /// reported (LD0011) once: the read makes it the code's own again.
        /// </summary>
        private Outcomes<AbstractValue> ReadVariable(IOperation operation, PathState state)
        {
            var key = Refiner.KeyOf(operation)!.Value;
            var value = state.ValueOf(key);
            if (value.StaleAfter is null)
            {
                return One(state, value);
            }

            if (operation is ILocalReferenceOperation { Local: var local })
            {
                Sink?.OnStaleUse(state, operation, local.Name, value);
            }
            else if (operation is IParameterReferenceOperation { Parameter: var parameter })
            {
                Sink?.OnStaleUse(state, operation, parameter.Name, value);
            }

            var fresh = value with { StaleAfter = null, ReadUnder = null };
            return One(state.WithValue(key, fresh), fresh);
        }

        /// <summary>The lock a <c>[GuardedBy]</c> member reference needs, resolved at this reference; null if none.</summary>
        private LockPath? GuardAt(IOperation reference)
        {
            if (_guardPaths.TryGetValue(reference, out var known))
            {
                return known;
            }

            var (member, instance) = reference switch
            {
                IFieldReferenceOperation f => ((ISymbol)f.Field, f.Instance),
                IPropertyReferenceOperation p => (p.Property, p.Instance),
                _ => (null, null),
            };
            LockPath? path = null;
            if (member is not null && _services.Contracts.GuardOf(member) is { } guard
                && !(_inConstructor && (instance is null || instance is IInstanceReferenceOperation)))
            {
                path = new CallSubstitution(_paths, instance, ImmutableArray<IArgumentOperation>.Empty).Apply(guard);
            }

            _guardPaths[reference] = path;
            return path;
        }

        /// <summary>Reports an access to a <c>[GuardedBy]</c> member on each path; a read's value remembers the lock it was read under.</summary>
        private Outcomes<AbstractValue> ReportGuarded(IOperation reference, Outcomes<AbstractValue> outcomes, bool write)
        {
            if (GuardAt(reference) is not { } guard)
            {
                return outcomes;
            }

            var member = reference is IFieldReferenceOperation f ? (ISymbol)f.Field : ((IPropertyReferenceOperation)reference).Property;
            var marked = default(Outcomes<AbstractValue>);
            for (var i = 0; i < outcomes.Count; i++)
            {
                var (s, v) = outcomes[i];
                Sink?.OnGuardedAccess(s, reference, member, guard, write);
                marked.Add(s, write ? v : v with { ReadUnder = guard });
            }

            return marked;
        }

        /// <summary>An update of a guarded member (<c>x.Count += n</c>, <c>x.Count++</c>): its receiver and operand, and one write, not a read too.</summary>
        private Outcomes<AbstractValue> EvalGuardedUpdate(IOperation operation, IOperation target, PathState state)
        {
            var instance = (target as IFieldReferenceOperation)?.Instance ?? (target as IPropertyReferenceOperation)?.Instance;
            var current = instance is null ? One(state, AbstractValue.Unknown) : Eval(instance, state);
            if (operation is not ICompoundAssignmentOperation { Value: var value })
            {
                return current;
            }

            var next = default(Outcomes<AbstractValue>);
            for (var i = 0; i < current.Count; i++)
            {
                var outcomes = Eval(value, current[i].State);
                for (var k = 0; k < outcomes.Count; k++)
                {
                    next.Add(outcomes[k].State, AbstractValue.Unknown);
                }
            }

            return next;
        }

        /// <summary>After a call that may drop <paramref name="dropped"/>: every value read under it may be stale.</summary>
        private static PathState MarkStale(PathState s, LockPath dropped, IOperation site)
        {
            foreach (var pair in s.Values)
            {
                if (pair.Value.ReadUnder is { } under && under.Equals(dropped) && pair.Value.StaleAfter is null)
                {
                    s = s.WithValue(pair.Key, pair.Value with { StaleAfter = site });
                }
            }

            return s;
        }

        private Outcomes<AbstractValue> EvalProperty(IPropertyReferenceOperation property, PathState state)
        {
            var getter = property.Property.GetMethod;
            if (getter is not null && !property.Arguments.IsEmpty)
            {
                return EvalCall(property, getter, property.Instance, property.Arguments, state);
            }

            var evaluated = property.Instance is null ? One(state, AbstractValue.Unknown) : Eval(property.Instance, state);
            var sleeps = false;
            MethodContract? contract = null;
            if (getter is not null)
            {
                contract = ContractAt(property, getter, property.Instance);
                sleeps = contract.Sleep == SleepDeclaration.MightSleep;
            }

            var isNullTest = property.Instance is not null && Handles.IsNullTest(property.Property, out var trueMeansNull) ? trueMeansNull : (bool?)null;
            var results = default(Outcomes<AbstractValue>);
            for (var i = 0; i < evaluated.Count; i++)
            {
                var (s, instanceValue) = evaluated[i];
                if (sleeps)
                {
                    ReportSleep(s, property, SleepCauseOf(getter!, contract!), ImmutableArray<LockPath>.Empty);
                }

                results.Add(isNullTest is bool t ? s : Refiner.Dereferenced(property.Instance, s),
                    isNullTest is bool test ? NullTest(instanceValue, test) : AbstractValue.Unknown);
            }

            return ReportGuarded(property, results, write: false);
        }

        private MethodContract ContractAt(IOperation site, IMethodSymbol method, IOperation? instance)
        {
            if (!_contracts.TryGetValue(site, out var contract))
            {
                _contracts[site] = contract = _services.ContractOf(method, instance?.Type, _extraSleepers);
            }

            return contract;
        }

        /// <summary>A call: arguments first, then the callee's contract, in the order a call happens:
        /// the sleep check and handle checks on entry, then releases, acquires and try-acquires.</summary>
        private Outcomes<AbstractValue> EvalCall(IOperation site, IMethodSymbol method, IOperation? instance,
            ImmutableArray<IArgumentOperation> arguments, PathState state)
        {
            var contract = ContractAt(site, method, instance);
            var substitution = new CallSubstitution(_paths, instance, arguments);
            var results = default(Outcomes<AbstractValue>);
            var disposes = instance is not null && method.Name == "Dispose" && method.Parameters.IsEmpty;
            var sequence = EvalOperands(instance, arguments, state,
                keepValues: !contract.NonNullHandleParameters.IsEmpty || disposes || !contract.DoesNotReturnIf.IsEmpty);
            for (var n = 0; n < sequence.Count; n++)
            {
                var (evaluated, values) = sequence[n];
                var s = Refiner.Dereferenced(instance, evaluated);
                CheckSleep(s, site, method, contract, substitution, instance);
                CheckHandles(s, method, contract, substitution, values, instance is null ? 0 : 1, arguments);
                if (Sink is not null && (!contract.Requires.IsEmpty || !contract.RequiresShared.IsEmpty || !contract.Excludes.IsEmpty
                    || (s.Locks.Length > 0 && method.DeclaringSyntaxReferences.Length > 0)))
                {
                    Sink.OnCall(s, site, method, contract, substitution);
                }

                RecordImmediateLambdas(s, contract, arguments);
                s = Release(s, site, contract.Releases, shared: false, substitution);
                s = Release(s, site, contract.ReleasesShared, shared: true, substitution);
                if (disposes && values is not null && values[0].Scope is { } scope)
                {
                    s = ReleaseScope(s, site, scope, instance!);
                }

                s = Acquire(s, site, contract.Acquires, shared: false, contract, substitution);
                s = Acquire(s, site, contract.AcquiresShared, shared: true, contract, substitution);
                foreach (var mayDrop in contract.MayDrop)
                {
                    if (substitution.Apply(mayDrop) is { } dropped)
                    {
                        s = MarkStale(s, dropped, site);
                    }
                }
                if (!contract.Acquires.IsEmpty && contract.LockTakenParameter >= 0)
                {
                    s = SetArgument(s, substitution, contract.LockTakenParameter, AbstractValue.True);
                }

                foreach (var outParameter in contract.MaybeNullOutParameters)
                {
                    s = SetArgument(s, substitution, outParameter, AbstractValue.MaybeNullHandle);
                }

                var returned = contract.ReturnsMaybeNullHandle ? AbstractValue.MaybeNullHandle : AbstractValue.Unknown;
                if (contract.ReturnsScope && contract.Acquires.Length == 1 && substitution.Apply(contract.Acquires[0]) is { } scoped)
                {
                    returned = returned with { Scope = scoped };
                }

                if (!contract.Requires.IsEmpty && Handles.IsHandleType(method.ReturnType) && substitution.Apply(contract.Requires[0]) is { } under)
                {
                    // Derived from data the lock protects (get_one_pte_map under page_table_lock): stale once it may have been dropped.
                    returned = returned with { ReadUnder = under };
                }
                if (contract.DoesNotReturn)
                {
                    continue;
                }

                var survivor = ApplyDoesNotReturnIf(s, contract, substitution);
                if (survivor is null || StopsHere(contract, values, instance is null ? 0 : 1, arguments))
                {
                    continue;
                }

                if (!contract.AssertsHeld.IsEmpty && method.ReturnType.SpecialType == SpecialType.System_Boolean)
                {
                    AddAssertOutcomes(ref results, survivor, site, contract, substitution);
                }
                else if (!contract.AssertsHeld.IsEmpty)
                {
                    var asserted = default(Outcomes<AbstractValue>);
                    AddAssertOutcomes(ref asserted, survivor, site, contract, substitution);
                    results.Add(asserted[0].State, returned); // a void assertion returns only if they are held
                }
                else if (contract.TryAcquires.IsEmpty)
                {
                    results.Add(survivor, returned);
                }
                else
                {
                    AddTryAcquireOutcomes(ref results, survivor, site, contract, substitution);
                }
            }

            return results;
        }

        /// <summary>True when an argument's value is the one that a <c>[DoesNotReturnIf]</c> parameter stops on (<c>Debug.Assert(false)</c>).</summary>
        private static bool StopsHere(MethodContract contract, AbstractValue[]? values, int offset, ImmutableArray<IArgumentOperation> arguments)
        {
            if (values is null)
            {
                return false;
            }

            foreach (var (ordinal, stopsOn) in contract.DoesNotReturnIf)
            {
                for (var i = 0; i < arguments.Length; i++)
                {
                    if (arguments[i].Parameter?.Ordinal == ordinal && i + offset < values.Length
                        && values[i + offset].Bool == (stopsOn ? BoolState.True : BoolState.False))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>Monitor.IsEntered(x)</c>: true on a path where <c>x</c> is held (by this method or, as far as it knows, its caller).</summary>
        private void AddAssertOutcomes(ref Outcomes<AbstractValue> results, PathState s, IOperation site, MethodContract contract, CallSubstitution substitution)
        {
            var held = s;
            var known = true;
            foreach (var lockPath in contract.AssertsHeld)
            {
                if (substitution.Apply(lockPath) is { } path && LockClass.CanClassify(path) && s.Find(path) is null)
                {
                    known = false;
                    held = held.WithLock(new HeldLock(path, LockClass.Of(path), contract.KindOverride ?? LockTypes.KindOf(path.Type), SiteLocations.Of(site)));
                }
            }

            results.Add(held, AbstractValue.True);
            if (!known)
            {
                results.Add(s, AbstractValue.False);
            }
        }

        private void AddTryAcquireOutcomes(ref Outcomes<AbstractValue> results, PathState s, IOperation site, MethodContract contract, CallSubstitution substitution)
        {
            var byRefFlag = contract.LockTakenParameter >= 0;
            var success = s;
            foreach (var lockPath in contract.TryAcquires)
            {
                if (Held(lockPath, substitution, contract, contract.TryAcquiresShared, site, byTry: true) is { } held)
                {
                    Sink?.OnTryAcquire(success, held, site);
                    success = success.WithLock(held);
                }
            }

            var failure = s;
            if (byRefFlag)
            {
                success = SetArgument(success, substitution, contract.LockTakenParameter, AbstractValue.True);
                failure = SetArgument(failure, substitution, contract.LockTakenParameter, AbstractValue.False);
                results.Add(success, AbstractValue.Unknown);
                results.Add(failure, AbstractValue.Unknown);
                return;
            }

            results.Add(success, AbstractValue.OfBool(contract.TryAcquiresResult));
            results.Add(failure, AbstractValue.OfBool(!contract.TryAcquiresResult));
        }

        private PathState Acquire(PathState s, IOperation site, ImmutableArray<LockPath> locks, bool shared, MethodContract contract, CallSubstitution substitution)
        {
            foreach (var lockPath in locks)
            {
                if (Held(lockPath, substitution, contract, shared, site, byTry: false) is { } held)
                {
                    // A write acquire while holding the upgradeable read upgrades it; its release restores the read.
                    var existing = s.Find(held.Path);
                    var upgrading = !shared && existing is { Upgradeable: true, IsMaybe: false } read ? read : null;
                    held = held.With(shared && contract.Upgradeable, contract.Nested, contract.Reentrant, upgrading);
                    Sink?.OnAcquire(s, held, site);
                    if (existing is { IsMaybe: false } && upgrading is null)
                    {
                        // Entered again by its holder: one more exit is needed before it is free (for a
                        // lock that is not reentrant that is LD0005's bug, but counting keeps the exits
                        // that follow from being reported as well).
                        var again = existing.WithDepth(System.Math.Min(existing.Depth + 1, HeldLock.MaxDepth));
                        s = s.WithLock(contract.Reentrant || again.Uncorrelated ? again : again.AsUncorrelated());
                        continue;
                    }

                    s = s.WithLock(held);
                }
            }

            return s;
        }

        private PathState Release(PathState s, IOperation site, ImmutableArray<LockPath> locks, bool shared, CallSubstitution substitution)
        {
            foreach (var release in locks)
            {
                if (substitution.Apply(release) is { } path)
                {
                    var held = s.Find(path);
                    Sink?.OnRelease(s, path, shared, held, site);
                    s = held is { Depth: > 1 } ? s.WithLock(held.WithDepth(held.Depth - 1))
                        : held?.UpgradedFrom is { } read && !shared ? s.WithLock(read)
                        : s.WithoutLock(path);
                }
            }

            return s;
        }

        /// <summary>Disposing a guard releases the lock it holds, once: the variable forgets it.</summary>
        private PathState ReleaseScope(PathState s, IOperation site, LockPath scope, IOperation instance)
        {
            var held = s.Find(scope);
            Sink?.OnRelease(s, scope, held?.Shared ?? false, held, site);
            s = s.WithoutLock(scope);
            while (instance is IConversionOperation { OperatorMethod: null } conversion)
            {
                instance = conversion.Operand;
            }

            return Refiner.KeyOf(instance) is { } key ? s.WithValue(key, s.ValueOf(key) with { Scope = null }) : s;
        }

        /// <summary>A lambda passed where it runs at once sees the locks held at the call.</summary>
        private void RecordImmediateLambdas(PathState s, MethodContract contract, ImmutableArray<IArgumentOperation> arguments)
        {
            if (contract.RunsImmediatelyParameters.IsEmpty)
            {
                return;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter is { } parameter && contract.RunsImmediatelyParameters.Contains(parameter.Ordinal)
                    && Unwrap(argument.Value) is IFlowAnonymousFunctionOperation lambda)
                {
                    if (!ImmediateLambdaStates.TryGetValue(lambda.Symbol, out var states))
                    {
                        ImmediateLambdaStates[lambda.Symbol] = states = new List<PathState>();
                    }

                    if (!states.Any(known => known.SameFacts(s)))
                    {
                        states.Add(s);
                    }
                }
            }
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IDelegateCreationOperation creation:
                        operation = creation.Target;
                        break;
                    case IConversionOperation { OperatorMethod: null } conversion:
                        operation = conversion.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        private HeldLock? Held(LockPath calleePath, CallSubstitution substitution, MethodContract contract, bool shared, IOperation site, bool byTry)
        {
            var key = (site, calleePath, shared);
            if (!_heldLocks.TryGetValue(key, out var held))
            {
                _heldLocks[key] = held = NewHeld(calleePath, substitution, contract, shared, site, byTry);
            }

            return held;
        }

        private static HeldLock? NewHeld(LockPath calleePath, CallSubstitution substitution, MethodContract contract, bool shared, IOperation site, bool byTry)
        {
            var path = substitution.Apply(calleePath);
            if (path is null || !LockClass.CanClassify(path))
            {
                return null;
            }

            var kind = contract.KindOverride ?? LockTypes.KindOf(path.Type);
            return new HeldLock(path, LockClass.Of(path), kind, shared, site, substitution.SpellingRoot(calleePath), calleePath, byTry, fromContract: false);
        }

        private void CheckSleep(PathState s, IOperation site, IMethodSymbol method, MethodContract contract, CallSubstitution substitution, IOperation? instance)
        {
            if (Sink is null || !HoldsSpinLock(s))
            {
                return;
            }

            var drops = ImmutableArray<LockPath>.Empty;
            foreach (var mayDrop in contract.MayDrop)
            {
                if (substitution.Apply(mayDrop) is { } dropped)
                {
                    drops = drops.Add(dropped);
                }
            }

            if (contract.Sleep == SleepDeclaration.MightSleep)
            {
                ReportSleep(s, site, SleepCauseOf(method, contract), drops);
                return;
            }

            foreach (var locks in new[] { contract.Acquires, contract.AcquiresShared })
            {
                foreach (var lockPath in locks)
                {
                    if (Held(lockPath, substitution, contract, false, site, false) is { Kind: LockKind.Blocking } blocking)
                    {
                        ReportSleep(s, site, new SleepCause(Describe(method, contract), $"acquires blocking lock '{blocking.Name}'"), drops);
                        return;
                    }
                }
            }

            if (_services.IsInferred(method, contract))
            {
                var spin = s.Locks.Where(l => l.IsSpin && !l.IsMaybe).ToList();
                Sink.OnCallToInferred(s, site, method, spin, ResolvedBinding.Resolve(substitution, method, _paths, instance));
            }
        }

        private static bool HoldsSpinLock(PathState s)
        {
            foreach (var held in s.Locks)
            {
                if (held.IsSpin && !held.IsMaybe)
                {
                    return true;
                }
            }

            return false;
        }

        private void ReportSleep(PathState s, IOperation site, SleepCause cause, ImmutableArray<LockPath> drops)
        {
            if (Sink is null)
            {
                return;
            }

            var kept = s.Locks.Where(l => l.IsSpin && !l.IsMaybe && !drops.Contains(l.Path)).ToList();
            if (kept.Count > 0)
            {
                Sink.OnSleep(s, site, cause, kept);
            }
        }

        private static SleepCause SleepCauseOf(IMethodSymbol method, MethodContract contract) =>
            new SleepCause(Describe(method, contract), contract.BuiltInName is null ? "it is [MightSleep]" : "it blocks");

        public static string Describe(IMethodSymbol method, MethodContract? contract = null) =>
            "'" + (contract?.BuiltInName ?? (method.MethodKind == MethodKind.PropertyGet ? method.AssociatedSymbol?.Name : method.Name + "()")) + "'";

        private void CheckHandles(PathState s, IMethodSymbol method, MethodContract contract, CallSubstitution substitution,
            AbstractValue[]? values, int firstArgumentValue, ImmutableArray<IArgumentOperation> arguments)
        {
            if (Sink is null || contract.NonNullHandleParameters.IsEmpty || values is null)
            {
                return;
            }

            for (var i = 0; i < arguments.Length; i++)
            {
                var ordinal = arguments[i].Parameter?.Ordinal ?? -1;
                if (contract.NonNullHandleParameters.Contains(ordinal) && i + firstArgumentValue < values.Length)
                {
                    Sink.OnHandleArgument(s, arguments[i], method, values[i + firstArgumentValue]);
                }
            }
        }

        private PathState? ApplyDoesNotReturnIf(PathState s, MethodContract contract, CallSubstitution substitution)
        {
            PathState? current = s;
            foreach (var (ordinal, value) in contract.DoesNotReturnIf)
            {
                if (current is not null && substitution.Argument(ordinal) is { } argument)
                {
                    current = Refiner.Assume(argument.Value, !value, current);
                }
            }

            return current;
        }

        private PathState SetArgument(PathState s, CallSubstitution substitution, int ordinal, AbstractValue value) =>
            substitution.Argument(ordinal) is { } argument && Refiner.KeyOf(argument.Value) is { } key ? s.WithValue(key, value) : s;

        private Outcomes<AbstractValue> EvalBinary(IBinaryOperation binary, PathState state)
        {
            var results = default(Outcomes<AbstractValue>);
            var left = Eval(binary.LeftOperand, state);
            for (var i = 0; i < left.Count; i++)
            {
                var right = Eval(binary.RightOperand, left[i].State);
                for (var k = 0; k < right.Count; k++)
                {
                    results.Add(right[k].State, BinaryValue(binary, left[i].Value, right[k].Value));
                }
            }

            return results;
        }

        private static AbstractValue BinaryValue(IBinaryOperation binary, AbstractValue left, AbstractValue right)
        {
            var equals = binary.OperatorKind == BinaryOperatorKind.Equals;
            if (!equals && binary.OperatorKind != BinaryOperatorKind.NotEquals)
            {
                return binary.OperatorKind switch
                {
                    BinaryOperatorKind.And when left.Bool != BoolState.Unknown && right.Bool != BoolState.Unknown =>
                        AbstractValue.OfBool(left.IsDefinitelyTrue && right.IsDefinitelyTrue),
                    BinaryOperatorKind.Or when left.Bool != BoolState.Unknown && right.Bool != BoolState.Unknown =>
                        AbstractValue.OfBool(left.IsDefinitelyTrue || right.IsDefinitelyTrue),
                    _ => AbstractValue.Unknown,
                };
            }

            if (left.Bool != BoolState.Unknown && right.Bool != BoolState.Unknown)
            {
                return AbstractValue.OfBool((left.Bool == right.Bool) == equals);
            }

            // One side a null constant: the other side's nullness decides.
            var other = ConditionRefiner.IsNullConstant(binary.RightOperand) ? left
                : ConditionRefiner.IsNullConstant(binary.LeftOperand) ? right
                : (AbstractValue?)null;
            if (other is null)
            {
                return AbstractValue.Unknown;
            }

            var isNull = NullTest(other.Value, trueMeansNull: true);
            return equals ? isNull : isNull.Negate();
        }

        private static AbstractValue NullTest(AbstractValue value, bool trueMeansNull) => value.Null switch
        {
            NullState.Null => AbstractValue.OfBool(trueMeansNull),
            NullState.NonNull => AbstractValue.OfBool(!trueMeansNull),
            _ => AbstractValue.Unknown,
        };

        private static AbstractValue ConstantValue(IOperation operation)
        {
            if (operation.ConstantValue.HasValue)
            {
                return operation.ConstantValue.Value switch
                {
                    null => AbstractValue.NullHandle,
                    bool b => AbstractValue.OfBool(b),
                    _ => AbstractValue.Unknown,
                };
            }

            if (operation is IDefaultValueOperation)
            {
                if (operation.Type?.SpecialType == SpecialType.System_Boolean)
                {
                    return AbstractValue.False;
                }

                return Handles.IsHandleType(operation.Type) ? AbstractValue.NullHandle : AbstractValue.Unknown;
            }

            return AbstractValue.Unknown;
        }

        /// <summary>
        /// Evaluates a call's receiver and arguments left to right, fanning out where one splits the
        /// state. The argument values are kept (index 0 is the receiver, if any) only when asked for.
        /// </summary>
        private Outcomes<AbstractValue[]?> EvalOperands(IOperation? instance, ImmutableArray<IArgumentOperation> arguments, PathState state, bool keepValues)
        {
            var offset = instance is null ? 0 : 1;
            var current = Outcomes<AbstractValue[]?>.One(state, keepValues ? new AbstractValue[arguments.Length + offset] : null);
            for (var index = 0; index < arguments.Length + offset; index++)
            {
                var operand = index < offset ? instance! : arguments[index - offset].Value;
                if (!keepValues && IsInert(operand))
                {
                    continue;
                }

                var next = default(Outcomes<AbstractValue[]?>);
                for (var i = 0; i < current.Count; i++)
                {
                    var (s, values) = current[i];
                    var outcomes = Eval(operand, s);
                    for (var k = 0; k < outcomes.Count; k++)
                    {
                        var copy = values is null ? null : outcomes.Count == 1 ? values : (AbstractValue[])values.Clone();
                        if (copy is not null)
                        {
                            copy[index] = outcomes[k].Value;
                        }

                        next.Add(outcomes[k].State, copy);
                    }
                }

                current = next;
            }

            return current;
        }

        private static Outcomes<AbstractValue> One(PathState state, AbstractValue value) => Outcomes<AbstractValue>.One(state, value);
    }
}

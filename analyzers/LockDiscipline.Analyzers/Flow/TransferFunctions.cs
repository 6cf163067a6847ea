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

        public TransferFunctions(AnalysisServices services, OperationPathResolver paths, ImmutableHashSet<string> extraSleepers)
        {
            _services = services;
            _paths = paths;
            _extraSleepers = extraSleepers;
            Refiner = new ConditionRefiner(paths);
        }

        /// <summary>Where events go; null while the fixpoint is being computed, set for the reporting sweep.</summary>
        public ILockEventSink? Sink { get; set; }

        public ConditionRefiner Refiner { get; }

        public OperationPathResolver Paths => _paths;

        public List<(PathState State, AbstractValue Value)> Eval(IOperation operation, PathState state)
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
                    return Map(Eval(assignment.Value, state), (s, v) => (Refiner.KeyOf(assignment.Target) is { } key ? s.WithValue(key, v) : s, v));

                case IFlowCaptureOperation capture:
                    return Map(Eval(capture.Value, state), (s, v) => (s.WithValue(VariableKey.Of(capture.Id), v), v));

                case IFlowCaptureReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation:
                    return One(state, state.ValueOf(Refiner.KeyOf(operation)!.Value));

                case IInstanceReferenceOperation or IFlowAnonymousFunctionOperation or IDelegateCreationOperation:
                    return One(state, AbstractValue.NonNullHandle);

                case ILiteralOperation or IDefaultValueOperation:
                    return One(state, ConstantValue(operation));

                case IConversionOperation conversion when conversion.OperatorMethod is null:
                    return Eval(conversion.Operand, state);

                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Map(Eval(not.Operand, state), (s, v) => (s, v.Negate()));

                case IBinaryOperation binary:
                    return EvalBinary(binary, state);

                case IIsNullOperation isNull:
                    return Map(Eval(isNull.Operand, state), (s, v) => (s, NullTest(v, trueMeansNull: true)));

                case IIsPatternOperation pattern:
                    return Map(Eval(pattern.Value, state), (s, v) =>
                        (s, ConditionRefiner.PatternTestsNull(pattern.Pattern) is bool trueMeansNull ? NullTest(v, trueMeansNull) : AbstractValue.Unknown));

                case IObjectCreationOperation creation:
                    return Map(EvalEach(creation.Arguments.Select(a => a.Value), state), (s, _) =>
                        (s, creation.Type is { IsValueType: true } t && Handles.HasIsNullProperty(t) && creation.Arguments.IsEmpty ? AbstractValue.NullHandle : AbstractValue.NonNullHandle));

                case IAwaitOperation awaitOperation:
                    return Map(Eval(awaitOperation.Operation, state), (s, v) =>
                    {
                        ReportSleep(s, awaitOperation, new SleepCause("'await'", "suspends the method"), ImmutableArray<LockPath>.Empty);
                        return (s, AbstractValue.Unknown);
                    });

                case IFieldReferenceOperation field:
                    return Map(EvalEach(field.Instance is null ? Enumerable.Empty<IOperation>() : new[] { field.Instance }, state),
                        (s, _) => (Refiner.Dereferenced(field.Instance, s), AbstractValue.Unknown));

                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return One(state, AbstractValue.NonNullHandle);

                case ICompoundAssignmentOperation or IIncrementOrDecrementOperation or ICoalesceAssignmentOperation:
                    // The target's new value is not tracked: forget what was known of it.
                    var target = ((IAssignmentOperation?)(operation as ICompoundAssignmentOperation) ?? operation as ICoalesceAssignmentOperation)?.Target
                        ?? (operation as IIncrementOrDecrementOperation)?.Target;
                    return Map(EvalEach(operation.ChildOperations, state), (s, _) =>
                        (Refiner.KeyOf(target) is { } key ? s.WithValue(key, AbstractValue.Unknown) : s, AbstractValue.Unknown));

                default:
                    return Map(EvalEach(operation.ChildOperations, state), (s, _) => (s, AbstractValue.Unknown));
            }
        }

        private readonly Dictionary<IOperation, bool> _inert = new Dictionary<IOperation, bool>();

        /// <summary>
        /// True for an operation whose evaluation can change nothing the analysis tracks and whose value
        /// it cannot know (arithmetic, string work, reads of untracked data): it is skipped, which is
        /// most of the operations of most bodies.
        /// </summary>
        private bool IsInert(IOperation operation)
        {
            if (_inert.TryGetValue(operation, out var inert))
            {
                return inert;
            }

            inert = operation switch
            {
                IInvocationOperation or IPropertyReferenceOperation or IAssignmentOperation or IIncrementOrDecrementOperation
                    or IFlowCaptureOperation or IFlowCaptureReferenceOperation or IAwaitOperation or IObjectCreationOperation
                    or ILocalReferenceOperation or IParameterReferenceOperation or ILiteralOperation or IDefaultValueOperation
                    or IIsNullOperation or IIsPatternOperation or IInstanceReferenceOperation or IFlowAnonymousFunctionOperation
                    or IDelegateCreationOperation or IAnonymousFunctionOperation or IDeclarationExpressionOperation => false,
                IFieldReferenceOperation field => field.Instance is null || IsInert(field.Instance),
                _ => AllInert(operation),
            };
            _inert[operation] = inert;
            return inert;
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

        private List<(PathState, AbstractValue)> EvalProperty(IPropertyReferenceOperation property, PathState state)
        {
            var getter = property.Property.GetMethod;
            if (getter is not null && !property.Arguments.IsEmpty)
            {
                return EvalCall(property, getter, property.Instance, property.Arguments, state);
            }

            var instance = property.Instance is null ? Enumerable.Empty<IOperation>() : new[] { property.Instance };
            var results = new List<(PathState, AbstractValue)>();
            foreach (var (s, values) in EvalSequence(instance.ToList(), state))
            {
                var after = s;
                if (getter is not null)
                {
                    var contract = _services.ContractOf(getter, property.Instance?.Type, _extraSleepers);
                    if (contract.Sleep == SleepDeclaration.MightSleep)
                    {
                        ReportSleep(s, property, SleepCauseOf(getter, contract), ImmutableArray<LockPath>.Empty);
                    }
                }

                var value = AbstractValue.Unknown;
                if (values.Length == 1 && Handles.IsNullTest(property.Property, out var trueMeansNull))
                {
                    value = NullTest(values[0], trueMeansNull);
                }
                else
                {
                    after = Refiner.Dereferenced(property.Instance, after);
                }

                results.Add((after, value));
            }

            return results;
        }

        /// <summary>A call: arguments first, then the callee's contract, in the order a call happens:
        /// the sleep check and handle checks on entry, then releases, acquires and try-acquires.</summary>
        private List<(PathState, AbstractValue)> EvalCall(IOperation site, IMethodSymbol method, IOperation? instance,
            ImmutableArray<IArgumentOperation> arguments, PathState state)
        {
            var operands = new List<IOperation>();
            if (instance is not null)
            {
                operands.Add(instance);
            }

            operands.AddRange(arguments.Select(a => a.Value));
            if (!_contracts.TryGetValue(site, out var contract))
            {
                _contracts[site] = contract = _services.ContractOf(method, instance?.Type, _extraSleepers);
            }

            var substitution = new CallSubstitution(_paths, instance, arguments);
            var results = new List<(PathState, AbstractValue)>();
            foreach (var (evaluated, values) in EvalSequence(operands, state))
            {
                var s = Refiner.Dereferenced(instance, evaluated);
                CheckSleep(s, site, method, contract, substitution, instance);
                CheckHandles(s, method, contract, substitution, values, instance is null ? 0 : 1, arguments);

                foreach (var release in contract.Releases)
                {
                    if (substitution.Apply(release) is { } path)
                    {
                        var held = s.Find(path);
                        Sink?.OnRelease(s, path, held, site);
                        s = s.WithoutLock(path);
                    }
                }

                s = Acquire(s, site, contract.Acquires, shared: false, contract, substitution);
                s = Acquire(s, site, contract.AcquiresShared, shared: true, contract, substitution);
                if (!contract.Acquires.IsEmpty && contract.LockTakenParameter >= 0)
                {
                    s = SetArgument(s, substitution, contract.LockTakenParameter, AbstractValue.True);
                }

                foreach (var outParameter in contract.MaybeNullOutParameters)
                {
                    s = SetArgument(s, substitution, outParameter, AbstractValue.MaybeNullHandle);
                }

                var returned = contract.ReturnsMaybeNullHandle ? AbstractValue.MaybeNullHandle : AbstractValue.Unknown;
                if (contract.DoesNotReturn)
                {
                    continue;
                }

                var survivor = ApplyDoesNotReturnIf(s, contract, substitution);
                if (survivor is null)
                {
                    continue;
                }

                if (contract.TryAcquires.IsEmpty)
                {
                    results.Add((survivor, returned));
                }
                else
                {
                    AddTryAcquireOutcomes(results, survivor, site, contract, substitution);
                }
            }

            return results;
        }

        private void AddTryAcquireOutcomes(List<(PathState, AbstractValue)> results, PathState s, IOperation site, MethodContract contract, CallSubstitution substitution)
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
                results.Add((success, AbstractValue.Unknown));
                results.Add((failure, AbstractValue.Unknown));
                return;
            }

            results.Add((success, AbstractValue.OfBool(contract.TryAcquiresResult)));
            results.Add((failure, AbstractValue.OfBool(!contract.TryAcquiresResult)));
        }

        private PathState Acquire(PathState s, IOperation site, ImmutableArray<LockPath> locks, bool shared, MethodContract contract, CallSubstitution substitution)
        {
            foreach (var lockPath in locks)
            {
                if (Held(lockPath, substitution, contract, shared, site, byTry: false) is { } held)
                {
                    Sink?.OnAcquire(s, held, site);
                    s = s.WithLock(held);
                }
            }

            return s;
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
            if (Sink is null || !s.Locks.Any(l => l.IsSpin && !l.IsMaybe))
            {
                return;
            }

            var drops = contract.MayDrop.Select(substitution.Apply).Where(p => p is not null).Select(p => p!).ToImmutableArray();
            if (contract.Sleep == SleepDeclaration.MightSleep)
            {
                ReportSleep(s, site, SleepCauseOf(method, contract), drops);
                return;
            }

            foreach (var lockPath in contract.Acquires.Concat(contract.AcquiresShared))
            {
                if (Held(lockPath, substitution, contract, false, site, false) is { Kind: LockKind.Blocking } blocking)
                {
                    ReportSleep(s, site, new SleepCause(Describe(method, contract), $"acquires blocking lock '{blocking.Name}'"), drops);
                    return;
                }
            }

            if (_services.IsInferred(method, contract))
            {
                var spin = s.Locks.Where(l => l.IsSpin && !l.IsMaybe).ToList();
                Sink.OnCallToInferred(s, site, method, spin, ResolvedBinding.Resolve(substitution, method, _paths, instance));
            }
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
            AbstractValue[] values, int firstArgumentValue, ImmutableArray<IArgumentOperation> arguments)
        {
            if (Sink is null || contract.NonNullHandleParameters.IsEmpty)
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

        private List<(PathState, AbstractValue)> EvalBinary(IBinaryOperation binary, PathState state)
        {
            var results = new List<(PathState, AbstractValue)>();
            foreach (var (s, values) in EvalSequence(new[] { binary.LeftOperand, binary.RightOperand }, state))
            {
                results.Add((s, BinaryValue(binary, values[0], values[1])));
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

        /// <summary>Evaluates operands left to right, fanning out where one splits the state.</summary>
        private List<(PathState State, AbstractValue[] Values)> EvalSequence(IReadOnlyList<IOperation> operands, PathState state)
        {
            var current = new List<(PathState, AbstractValue[])> { (state, new AbstractValue[operands.Count]) };
            for (var i = 0; i < operands.Count; i++)
            {
                var next = new List<(PathState, AbstractValue[])>(current.Count);
                foreach (var (s, values) in current)
                {
                    var outcomes = Eval(operands[i], s);
                    foreach (var (s2, v) in outcomes)
                    {
                        var copy = outcomes.Count == 1 ? values : (AbstractValue[])values.Clone();
                        copy[i] = v;
                        next.Add((s2, copy));
                    }
                }

                current = next;
            }

            return current;
        }

        private List<(PathState, AbstractValue[])> EvalEach(IEnumerable<IOperation> operands, PathState state) =>
            EvalSequence(operands.ToList(), state);

        private static List<(PathState, AbstractValue)> One(PathState state, AbstractValue value) =>
            new List<(PathState, AbstractValue)>(1) { (state, value) };

        private static List<(PathState, AbstractValue)> Map<T>(List<(PathState, T)> results, System.Func<PathState, T, (PathState, AbstractValue)> f)
        {
            var mapped = new List<(PathState, AbstractValue)>(results.Count);
            foreach (var (s, v) in results)
            {
                mapped.Add(f(s, v));
            }

            return mapped;
        }
    }
}

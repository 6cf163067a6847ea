using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Sites;
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
    internal sealed partial class TransferFunctions
    {
        private readonly AnalysisServices _services;
        private readonly OperationPathResolver _paths;
        private readonly ImmutableHashSet<string> _extraSleepers;

        // The fixpoint interprets each operation several times; what depends only on the operation is worked out once.
        private readonly OperationMemo<MethodContract> _contracts = new OperationMemo<MethodContract>();
        private readonly Dictionary<(IOperation, LockPath, bool), HeldLock?> _heldLocks = new Dictionary<(IOperation, LockPath, bool), HeldLock?>(OperationKeyIdentity<LockPath>.Instance);

        private readonly OperationMemo<LockPath?> _guardPaths = new OperationMemo<LockPath?>();

        private readonly ControlFlowGraph? _body;
        private HashSet<LockPath>? _semaphoresReleasedHere; // in a finally

        /// <summary>
        /// A counting semaphore is a lock only in a body that releases it in a <c>finally</c> (an async mutex:
        /// wait, then try/finally release). Elsewhere a wait consumes a permit that someone else gives back —
        /// a signal, a drain loop, a consumer's queue count, a concurrency slot handed to a continuation —
        /// and nothing is held, so there is nothing to balance or order.
        /// </summary>
        private bool IsSignal(LockPath path)
        {
            if (!LockTypes.IsCounting(path.Type))
            {
                return false;
            }

            if (_semaphoresReleasedHere is null)
            {
                _semaphoresReleasedHere = new HashSet<LockPath>();
                foreach (var block in _body?.Blocks ?? ImmutableArray<BasicBlock>.Empty)
                {
                    if (!InFinally(block))
                    {
                        continue;
                    }

                    foreach (var operation in block.Operations)
                    {
                        foreach (var invocation in operation.DescendantsAndSelf().OfType<IInvocationOperation>())
                        {
                            if (invocation.TargetMethod.Name == "Release" && LockTypes.IsCounting(invocation.TargetMethod.ContainingType)
                                && _paths.PathOf(invocation.Instance) is { } released)
                            {
                                _semaphoresReleasedHere.Add(released);
                            }
                        }
                    }
                }
            }

            return !_semaphoresReleasedHere.Contains(path);
        }

        private HashSet<IFieldSymbol>? _fieldsWrittenHere;

        /// <summary>
        /// A field of this object (or a static one) that the body never writes: two tests of it, such as
        /// <c>_mutex?.WaitOne(); … _mutex?.ReleaseMutex();</c>, see the same value, so what the first teaches
        /// holds at the second (other threads aside, as for any field the analysis reads). A <c>bool</c> field counts
        /// only when nothing but its constructors sets it (<see cref="MemberWrites"/>): a call between two tests of
        /// any other flag may have changed it.
        /// </summary>
        private VariableKey? StableFieldKey(IOperation? operation)
        {
            while (operation is IConversionOperation { OperatorMethod: null } conversion)
            {
                operation = conversion.Operand;
            }

            if (operation is not IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } field
                || !(field.Type is { IsReferenceType: true } || _services.IsConstructionFlag(field.Field)))
            {
                return null;
            }

            if (_fieldsWrittenHere is null)
            {
                _fieldsWrittenHere = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
                foreach (var block in _body?.Blocks ?? ImmutableArray<BasicBlock>.Empty)
                {
                    foreach (var top in block.Operations)
                    {
                        AddFieldsWritten(top, _fieldsWrittenHere);
                    }
                }
            }

            return _body is null || _fieldsWrittenHere.Contains(field.Field.OriginalDefinition) ? null : VariableKey.Of(field.Field.OriginalDefinition);
        }

        /// <summary>A field written as <paramref name="target"/>, or as an element of a deconstruction's tuple (<c>(_flag, _n) = …</c>).</summary>
        private static void AddWrittenField(IOperation? target, HashSet<IFieldSymbol> written)
        {
            switch (target)
            {
                case IFieldReferenceOperation writtenField:
                    written.Add(writtenField.Field.OriginalDefinition);
                    break;
                case ITupleOperation tuple:
                    foreach (var element in tuple.Elements)
                    {
                        AddWrittenField(element, written);
                    }

                    break;
            }
        }

        /// <summary>The fields <paramref name="operation"/> and its descendants assign, step or pass by reference (a recursive walk: no iterator per operation).</summary>
        private static void AddFieldsWritten(IOperation operation, HashSet<IFieldSymbol> written)
        {
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation step => step.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                IAddressOfOperation address => address.Reference,
                _ => null,
            };
            AddWrittenField(target, written);

            foreach (var child in operation.ChildOperations)
            {
                AddFieldsWritten(child, written);
            }
        }

        private static Outcomes<AbstractValue> WithTrackedNullness(Outcomes<AbstractValue> read, VariableKey key)
        {
            var result = default(Outcomes<AbstractValue>);
            for (var i = 0; i < read.Count; i++)
            {
                var (s, v) = read[i];
                result.Add(s, s.Values.TryGetValue(key, out var known) && known.Null != NullState.Unknown ? v with { Null = known.Null } : v);
            }

            return result;
        }

        private static bool InFinally(BasicBlock block)
        {
            for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
            {
                if (region.Kind == ControlFlowRegionKind.Finally)
                {
                    return true;
                }
            }

            return false;
        }

        // A constructor's own [GuardedBy] members are not shared yet: no lock needed (as in Clang).
        private readonly bool _inConstructor;

        public TransferFunctions(AnalysisServices services, OperationPathResolver paths, ImmutableHashSet<string> extraSleepers, ISymbol? owner = null, ControlFlowGraph? body = null)
        {
            _body = body;
            _services = services;
            _paths = paths;
            _extraSleepers = extraSleepers;
            _inConstructor = owner is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor };
            Refiner = new ConditionRefiner(paths, StableFieldKey);
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
            if (operation.Parent is null)
            {
                Sink?.On(new Evaluating(state, operation));
            }

            if (IsInert(operation))
            {
                return One(state, AbstractValue.Unknown);
            }

            return EvalLive(operation, state);
        }

        /// <summary><see cref="Eval"/> of an operation already found not inert: a child's inertness is not worked out twice.</summary>
        private Outcomes<AbstractValue> EvalLive(IOperation operation, PathState state)
        {
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

                    // A capture as the target stands for the variable it captured (x ??= …): both get the value.
                    var targetKey = Refiner.KeyOf(assignment.Target);
                    return targetKey is { IsCapture: true } ? Assign(Refiner.SourceOf(targetKey), Assign(targetKey, assigned))
                        : targetKey is { } local ? Assign(local, MoveLockNames(assignment, local, assigned))
                        : assigned;
                }

                case IFlowCaptureOperation capture:
                    if ((Refiner.SourceOf(Refiner.KeyOf(capture.Value)) ?? StableFieldKey(capture.Value)) is { } source)
                    {
                        Refiner.NoteCapture(capture.Id, source);
                    }

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
                        if (!awaited[i].State.Locks.IsEmpty)
                        {
                            Sink?.On(new Awaited(awaited[i].State, awaitOperation));
                        }
                    }

                    return WithValue(awaited, AbstractValue.Unknown);
                }

                case IFieldReferenceOperation field:
                {
                    var read = field.Instance is null
                        ? One(state, AbstractValue.Unknown)
                        : Dereference(field.Instance, Eval(field.Instance, state));
                    read = ReportGuarded(field, read, write: false);
                    return StableFieldKey(field) is { } tracked ? WithTrackedNullness(read, tracked) : read;
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
                    var outcomes = EvalLive(child, current[i].State); // a child: no Evaluating event, and found live above
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
            if (IsTrackedKind(operation.Kind))
            {
                return false;
            }

            return operation is IFieldReferenceOperation field
                ? (field.Instance is null || IsInert(field.Instance)) && _services.Contracts.GuardOf(field.Field) is null
                : AllInert(operation);
        }

        /// <summary>
        /// The kinds of operation the transfer functions interpret (calls, assignments, captures, references,
        /// literals, null tests, lambdas): tested by kind, one virtual call, rather than by a chain of
        /// interface type tests on every operation.
        /// </summary>
        internal static bool IsTrackedKind(OperationKind kind)
        {
            switch (kind)
            {
                case OperationKind.Invocation:
                case OperationKind.PropertyReference:
                case OperationKind.SimpleAssignment:
                case OperationKind.CompoundAssignment:
                case OperationKind.DeconstructionAssignment:
                case OperationKind.CoalesceAssignment:
                case OperationKind.Increment:
                case OperationKind.Decrement:
                case OperationKind.FlowCapture:
                case OperationKind.FlowCaptureReference:
                case OperationKind.Await:
                case OperationKind.ObjectCreation:
                case OperationKind.LocalReference:
                case OperationKind.ParameterReference:
                case OperationKind.Literal:
                case OperationKind.DefaultValue:
                case OperationKind.IsNull:
                case OperationKind.IsPattern:
                case OperationKind.InstanceReference:
                case OperationKind.FlowAnonymousFunction:
                case OperationKind.DelegateCreation:
                case OperationKind.AnonymousFunction:
                case OperationKind.DeclarationExpression:
                    return true;
                default:
                    return false;
            }
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

        private Outcomes<AbstractValue> EvalProperty(IPropertyReferenceOperation property, PathState state)
        {
            var getter = property.Property.GetMethod;
            if (getter is not null && (!property.Arguments.IsEmpty || !ContractAt(property, getter, property.Instance).AssertsHeld.IsEmpty))
            {
                // An indexer, or a property that tests whether a lock is held (HeldTestForwarders): a call.
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
                    isNullTest is bool test ? NullTest(instanceValue, test) : DerivedFrom(AbstractValue.Unknown, instanceValue));
            }

            return ReportGuarded(property, results, write: false);
        }

        private MethodContract ContractAt(IOperation site, IMethodSymbol method, IOperation? instance)
        {
            if (!_contracts.TryGetValue(site, out var contract))
            {
                contract = site is IInvocationOperation invocation
                    ? _services.ContractOf(method, instance?.Type, invocation.Arguments, _extraSleepers)
                    : _services.ContractOf(method, instance?.Type, _extraSleepers);
                _contracts.Set(site, contract);
            }

            return contract;
        }

        private Outcomes<AbstractValue> EvalBinary(IBinaryOperation binary, PathState state)
        {
            var results = default(Outcomes<AbstractValue>);
            var left = Eval(binary.LeftOperand, state);
            for (var i = 0; i < left.Count; i++)
            {
                var right = Eval(binary.RightOperand, left[i].State);
                for (var k = 0; k < right.Count; k++)
                {
                    var value = BinaryValue(binary, left[i].Value, right[k].Value);
                    results.Add(right[k].State, DerivedFrom(DerivedFrom(value, left[i].Value), right[k].Value));
                }
            }

            return results;
        }

        /// <summary>
        /// A value computed from <paramref name="source"/> (its <c>.Count</c>, arithmetic on it, a call on it) was
        /// read under the same lock, and goes stale with it (LD0011).
        /// </summary>
        private static AbstractValue DerivedFrom(AbstractValue value, AbstractValue source) =>
            value.ReadUnder is null && source.ReadUnder is { } under && source.StaleAfter is null ? value with { ReadUnder = under } : value;

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

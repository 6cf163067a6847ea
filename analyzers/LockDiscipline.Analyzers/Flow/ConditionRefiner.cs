using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// What a branch teaches: on each side of <c>x != null</c>, <c>h.IsNull</c>, <c>x is null</c>,
    /// <c>!ok</c> or <c>taken</c>, the tested variable's value is known; a side that contradicts what is
    /// already known is infeasible and dropped. This is what correlates conditional locking with the
    /// test that guards the unlock.
    /// </summary>
    internal sealed class ConditionRefiner
    {
        private readonly OperationPathResolver _paths;
        private readonly System.Func<IOperation, VariableKey?>? _stableField;

        /// <param name="paths">Resolves lock expressions.</param>
        /// <param name="stableField">The key of a field whose tests in this body all see one value, if a condition reads one.</param>
        public ConditionRefiner(OperationPathResolver paths, System.Func<IOperation, VariableKey?>? stableField = null)
        {
            _paths = paths;
            _stableField = stableField;
        }

        /// <summary>The tracked variable an operation reads, if it reads one.</summary>
        public VariableKey? KeyOf(IOperation? operation) => operation switch
        {
            ILocalReferenceOperation local => VariableKey.Of(local.Local),
            IParameterReferenceOperation parameter => VariableKey.Of(parameter.Parameter),
            IFlowCaptureReferenceOperation capture => VariableKey.Of(capture.Id),
            IConversionOperation { OperatorMethod: null } conversion => KeyOf(conversion.Operand),
            IDeclarationExpressionOperation declaration => KeyOf(declaration.Expression),
            _ => null,
        };

        /// <summary>The state on the side of the branch where <paramref name="condition"/> is <paramref name="outcome"/>; null if that side cannot happen.</summary>
        public PathState? Assume(IOperation condition, bool outcome, PathState state)
        {
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Assume(not.Operand, !outcome, state);

                case IConversionOperation { OperatorMethod: null } conversion:
                    return Assume(conversion.Operand, outcome, state);

                case ILocalReferenceOperation or IParameterReferenceOperation or IFlowCaptureReferenceOperation
                    when condition.Type?.SpecialType == SpecialType.System_Boolean:
                    return AssumeBool(KeyOf(condition)!.Value, outcome, state);

                case IFieldReferenceOperation when condition.Type?.SpecialType == SpecialType.System_Boolean && _stableField?.Invoke(condition) is { } flag:
                    return AssumeBool(flag, outcome, state);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    return AssumeComparison(binary, outcome, state);

                case IIsNullOperation isNull:
                    return AssumeNull(isNull.Operand, outcome, state);

                case IIsPatternOperation pattern when PatternTestsNull(pattern.Pattern) is bool trueMeansNull:
                    return AssumeNull(pattern.Value, outcome == trueMeansNull, state);

                case IIsPatternOperation pattern when MatchImpliesNonNull(pattern.Pattern) is bool onMatch:
                    // x is T t, x is { … }, x is not T: one side of the test says x is not null.
                    return outcome == onMatch ? AssumeNull(pattern.Value, isNull: false, state) : state;

                case IPropertyReferenceOperation property when Handles.IsNullTest(property.Property, out var trueMeansNull):
                    return AssumeNull(property.Instance, outcome == trueMeansNull, state);

                default:
                    return state;
            }
        }

        /// <summary>After <c>x.Member</c>, a reference <c>x</c> is known non-null.</summary>
        public PathState Dereferenced(IOperation? instance, PathState state)
        {
            if (instance?.Type is not { IsReferenceType: true } || KeyOf(instance) is not { } key)
            {
                return state;
            }

            var current = state.ValueOf(key);
            return current.Null == NullState.NonNull ? state : SetNull(key, isNull: false, state) ?? state;
        }

        /// <summary>True for <c>null</c>, <c>default</c> and their conversions.</summary>
        public static bool IsNullConstant(IOperation operation) => operation switch
        {
            IConversionOperation conversion => IsNullConstant(conversion.Operand),
            IDefaultValueOperation => true,
            ILiteralOperation literal => literal.ConstantValue.HasValue && literal.ConstantValue.Value is null,
            _ => false,
        };

        /// <summary>True if the pattern matches exactly null; false if it matches exactly non-null; null if it tests something else.</summary>
        public static bool? PatternTestsNull(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant when IsNullConstant(constant.Value) => true,
            INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNullConstant(constant.Value) => false,
            IRecursivePatternOperation { DeconstructionSubpatterns.IsEmpty: true, PropertySubpatterns.IsEmpty: true, DeclaredSymbol: null } recursive
                when SymbolEqualityComparer.Default.Equals(recursive.MatchedType, recursive.InputType) => false,
            _ => null,
        };

        /// <summary>
        /// For a pattern that null never matches (a type, a declaration, a property pattern): true, since a match
        /// means non-null; for its negation, false, since a failed <c>is not T</c> means non-null; otherwise null.
        /// </summary>
        public static bool? MatchImpliesNonNull(IPatternOperation pattern) => pattern switch
        {
            IDeclarationPatternOperation { MatchesNull: false } or ITypePatternOperation or IRecursivePatternOperation => true,
            INegatedPatternOperation { Pattern: var inner } when MatchImpliesNonNull(inner) == true => false,
            IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both
                when MatchImpliesNonNull(both.LeftPattern) == true || MatchImpliesNonNull(both.RightPattern) == true => true,
            _ => null,
        };

        /// <summary>
        /// Notes that a flow capture holds the value of a variable, read just before a test of it: <c>x ??= …</c>,
        /// <c>x?.M()</c> and <c>x ?? …</c> test the capture, and what the test teaches holds for the variable too.
        /// </summary>
        public void NoteCapture(CaptureId capture, VariableKey source) => _captureSources[capture] = source;

        /// <summary>The variable a key stands for: itself, or for a capture of a variable (directly or through another capture), that variable; null otherwise.</summary>
        public VariableKey? SourceOf(VariableKey? key) =>
            key is { IsCapture: true } capture ? (_captureSources.TryGetValue(capture.CaptureId, out var source) ? source : null) : key;

        private readonly System.Collections.Generic.Dictionary<CaptureId, VariableKey> _captureSources =
            new System.Collections.Generic.Dictionary<CaptureId, VariableKey>();

        private PathState? AssumeComparison(IBinaryOperation binary, bool outcome, PathState state)
        {
            var equalsOutcome = binary.OperatorKind == BinaryOperatorKind.Equals ? outcome : !outcome;
            if (IsNullConstant(binary.RightOperand))
            {
                return AssumeNull(binary.LeftOperand, equalsOutcome, state);
            }

            if (IsNullConstant(binary.LeftOperand))
            {
                return AssumeNull(binary.RightOperand, equalsOutcome, state);
            }

            if (binary.RightOperand.ConstantValue is { HasValue: true, Value: bool right})
            {
                return Assume(binary.LeftOperand, right == equalsOutcome, state);
            }

            if (binary.LeftOperand.ConstantValue is { HasValue: true, Value: bool left })
            {
                return Assume(binary.RightOperand, left == equalsOutcome, state);
            }

            return state;
        }

        private PathState? AssumeNull(IOperation? operand, bool isNull, PathState state)
        {
            // A field of this object the body never writes is known null or not on each side, as a local would be.
            if ((KeyOf(operand) ?? (operand is IFieldReferenceOperation ? _stableField?.Invoke(operand) : null)) is not { } key)
            {
                return state;
            }

            var refined = SetNull(key, isNull, state);
            // The compiler tests a capture right after taking it (??=, ?., ??), before the variable can change.
            return refined is not null && key.IsCapture && _captureSources.TryGetValue(key.CaptureId, out var source)
                ? SetNull(source, isNull, refined)
                : refined;
        }

        private PathState? AssumeBool(VariableKey key, bool value, PathState state)
        {
            var current = state.ValueOf(key);
            if ((current.IsDefinitelyTrue && !value) || (current.IsDefinitelyFalse && value))
            {
                return null;
            }

            var refined = state.WithValue(key, current with { Bool = value ? BoolState.True : BoolState.False });
            return Underlying(key) is { } underlying ? AssumeBool(underlying, value, refined) : refined;
        }

        private PathState? SetNull(VariableKey key, bool isNull, PathState state)
        {
            var current = state.ValueOf(key);
            if ((isNull && current.Null == NullState.NonNull) || (!isNull && current.Null == NullState.Null))
            {
                return null;
            }

            var refined = state.WithValue(key, current with { Null = isNull ? NullState.Null : NullState.NonNull });
            return Underlying(key) is { } underlying ? SetNull(underlying, isNull, refined) : refined;
        }

        /// <summary>The variable a flow capture copied, so that testing the capture (<c>x?.M()</c>) teaches about <c>x</c>.</summary>
        private VariableKey? Underlying(VariableKey key)
        {
            if (!key.IsCapture)
            {
                return null;
            }

            return KeyOf(_paths.CapturedValue(key.CaptureId));
        }
    }
}

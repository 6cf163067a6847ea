using System.Collections.Generic;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.LockExpressions
{
    /// <summary>
    /// Translates the operations of one control-flow graph into lock paths: <c>this</c>, parameters,
    /// fields and properties, flow captures (what <c>lock</c> and <c>?.</c> lower into) and locals that
    /// are assigned once from such a path (<c>var mm = vma.Mm;</c> makes <c>mm.PageTableLock</c> mean
    /// <c>vma.Mm.PageTableLock</c>).
    /// </summary>
    internal sealed class OperationPathResolver
    {
        private const int MaxDepth = 8;

        private readonly Dictionary<CaptureId, IOperation?> _captures = new Dictionary<CaptureId, IOperation?>();
        private readonly Dictionary<ILocalSymbol, IOperation?> _singleAssignments =
            new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);

        private OperationPathResolver()
        {
        }

        /// <summary>A resolver for operations outside any graph: no captures, no local aliases.</summary>
        public static OperationPathResolver WithoutGraph() => new OperationPathResolver();

        public OperationPathResolver(ControlFlowGraph cfg)
        {
            var stack = Sites.OperationStacks.Rent(); // one for every operation of the graph, not one each
            foreach (var block in cfg.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    Scan(operation, stack);
                }

                if (block.BranchValue is not null)
                {
                    Scan(block.BranchValue, stack);
                }
            }

            Sites.OperationStacks.Return(stack);
        }

        /// <summary>The operation a flow capture holds, when it is captured exactly once.</summary>
        public IOperation? CapturedValue(CaptureId id) => _captures.TryGetValue(id, out var value) ? value : null;

        private readonly OperationMemo<LockPath?> _memo = new OperationMemo<LockPath?>();

        /// <summary>The lock path an operation denotes, or null; memoized, since the fixpoint revisits operations.</summary>
        public LockPath? PathOf(IOperation? operation)
        {
            if (operation is null)
            {
                return null;
            }

            if (!_memo.TryGetValue(operation, out var path))
            {
                path = PathOf(operation, 0);
                _memo.Set(operation, path);
            }

            return path;
        }

        private LockPath? PathOf(IOperation? operation, int depth)
        {
            if (operation is null || depth > MaxDepth)
            {
                return null;
            }

            switch (operation)
            {
                case IInstanceReferenceOperation instance:
                    return LockPath.ForThis(instance.Type);
                case IParameterReferenceOperation parameter:
                    return LockPath.ForParameter(parameter.Parameter);
                case ILocalReferenceOperation local:
                    return _singleAssignments.TryGetValue(local.Local, out var value) && value is not null && PathOf(value, depth + 1) is { } alias
                        ? alias
                        : LockPath.ForLocal(local.Local);
                case IFieldReferenceOperation field:
                    return MemberPath(field.Field, field.Instance, depth);
                case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                    return MemberPath(property.Property, property.Instance, depth);
                case IFlowCaptureReferenceOperation capture:
                    return PathOf(CapturedValue(capture.Id), depth + 1);
                case IConversionOperation conversion when conversion.OperatorMethod is null:
                    return PathOf(conversion.Operand, depth + 1);
                default:
                    return null;
            }
        }

        private LockPath? MemberPath(ISymbol member, IOperation? instance, int depth)
        {
            if (member.IsStatic)
            {
                return LockPath.ForStatic(member);
            }

            return PathOf(instance, depth + 1)?.Append(member);
        }

        private void Scan(IOperation root, Stack<IOperation> stack)
        {
            // Operations are walked without recursion into nested lambdas' bodies, which have graphs of their own.
            stack.Push(root);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                // By kind first, one virtual call: most operations are none of these, and a chain of interface type
                // tests on each of them was most of this walk's time.
                switch (operation.Kind)
                {
                    case OperationKind.FlowCapture:
                        var capture = (IFlowCaptureOperation)operation;
                        _captures[capture.Id] = _captures.ContainsKey(capture.Id) ? null : capture.Value;
                        break;
                    case OperationKind.SimpleAssignment when operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                        NoteAssignment(target.Local, assignment.Value);
                        break;
                    case OperationKind.Argument when operation is IArgumentOperation { Value: ILocalReferenceOperation byRef } argument && argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out:
                        NoteAssignment(byRef.Local, null);
                        break;
                    case OperationKind.Argument when operation is IArgumentOperation { Value: IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } }:
                        NoteAssignment(declared.Local, null);
                        break;
                    case OperationKind.CompoundAssignment when operation is ICompoundAssignmentOperation { Target: ILocalReferenceOperation compound }:
                        NoteAssignment(compound.Local, null);
                        break;
                    case OperationKind.FlowAnonymousFunction:
                        continue;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }
        }

        /// <summary>
        /// True when the local is a name of its own: assigned more than once (or by reference), so the
        /// resolver does not read it as the one value it was given.
        /// </summary>
        public bool NamesItself(ILocalSymbol local) =>
            !(_singleAssignments.TryGetValue(local, out var value) && value is not null && PathOf(value, 1) is not null);

        private void NoteAssignment(ILocalSymbol local, IOperation? value)
        {
            _singleAssignments[local] = _singleAssignments.ContainsKey(local) || local.IsRef ? null : value;
        }
    }
}

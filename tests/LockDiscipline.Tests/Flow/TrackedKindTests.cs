using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace LockDiscipline.Tests.Flow
{
    /// <summary>
    /// The transfer functions pick the operations they interpret by kind; the kinds must be exactly those of
    /// the operation interfaces they handle, checked on every operation (graph-lowered ones included) of the
    /// project's own C#.
    /// </summary>
    public class TrackedKindTests
    {
        private static bool TrackedByInterface(IOperation operation) =>
            operation is IInvocationOperation or IPropertyReferenceOperation or IAssignmentOperation or IIncrementOrDecrementOperation
                or IFlowCaptureOperation or IFlowCaptureReferenceOperation or IAwaitOperation or IObjectCreationOperation
                or ILocalReferenceOperation or IParameterReferenceOperation or ILiteralOperation or IDefaultValueOperation
                or IIsNullOperation or IIsPatternOperation or IInstanceReferenceOperation or IFlowAnonymousFunctionOperation
                or IDelegateCreationOperation or IAnonymousFunctionOperation or IDeclarationExpressionOperation;

        [Fact]
        public void KindsMatchTheInterfaces_OnEveryOperationOfTheCorpus()
        {
            var compilation = DirectRunner.Compile(SourceCorpus.All().Select(s => (s.Name + ".cs", s.Text)));
            var seen = new HashSet<OperationKind>();
            var checkedOperations = 0;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var body in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax>())
                {
                    if (body.Body is null && body.ExpressionBody is null || model.GetOperation(body) is not { } root)
                    {
                        continue;
                    }

                    var operations = root.DescendantsAndSelf().ToList();
                    if (!operations.Any(o => o is IInvalidOperation))
                    {
                        var graph = root switch
                        {
                            IMethodBodyOperation method => ControlFlowGraph.Create(method),
                            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor),
                            _ => null,
                        };
                        if (graph is null)
                        {
                            continue;
                        }

                        operations.AddRange(graph.Blocks.SelectMany(b => b.Operations.Concat(b.BranchValue is null ? Enumerable.Empty<IOperation>() : new[] { b.BranchValue }))
                            .SelectMany(o => o.DescendantsAndSelf()));
                    }


                    foreach (var operation in operations)
                    {
                        Assert.True(TrackedByInterface(operation) == TransferFunctions.IsTrackedKind(operation.Kind), $"{operation.Kind} at {operation.Syntax}");
                        seen.Add(operation.Kind);
                        checkedOperations++;
                    }
                }
            }

            Assert.True(checkedOperations > 10_000, checkedOperations.ToString());
            Assert.Contains(OperationKind.FlowCapture, seen);
            Assert.Contains(OperationKind.CompoundAssignment, seen);
        }
    }
}

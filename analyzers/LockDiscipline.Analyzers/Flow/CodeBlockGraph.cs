using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>From a code block's graph-root syntax to its operations (binding the body) and its control-flow graph.</summary>
    internal static class CodeBlockGraph
    {
        /// <summary>The parentless operation a graph is built for, or null if the syntax has none (incomplete code, an abstract member).</summary>
        public static IOperation? RootOperation(SemanticModel model, SyntaxNode rootSyntax, CancellationToken cancellation)
        {
            var root = model.GetOperation(rootSyntax, cancellation);
            while (root?.Parent is not null)
            {
                root = root.Parent;
            }

            return root;
        }

        /// <summary>True for the operations Roslyn builds a control-flow graph for.</summary>
        public static bool IsGraphRoot(IOperation root) => root.Parent is null && root.Kind is OperationKind.Block or OperationKind.MethodBody
            or OperationKind.ConstructorBody or OperationKind.FieldInitializer or OperationKind.PropertyInitializer
            or OperationKind.ParameterInitializer;

        /// <summary>The graph of a root operation; null for an operation no graph is built for.</summary>
        public static ControlFlowGraph? Create(IOperation root, CancellationToken cancellation) => root switch
        {
            IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellation),
            IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellation),
            IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellation),
            IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellation),
            IParameterInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellation),
            IBlockOperation { Parent: null } body => ControlFlowGraph.Create(body, cancellation),
            _ => null,
        };
    }
}

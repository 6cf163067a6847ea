using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>From a code block's graph-root syntax to its operations (binding the body) and its control-flow graph.</summary>
    internal static class CodeBlockGraph
    {
        /// <summary>
        /// The graph of the body this thread is analyzing, lent (<see cref="Lend"/>) for as long as its analysis runs:
        /// inferring that same body's contract, which its analysis asks for first, reads it instead of building a
        /// second graph of the same operations. Cleared when the analysis ends, so no graph outlives its body's turn.
        /// </summary>
        [ThreadStatic]
        private static (IOperation Root, ControlFlowGraph Graph)? t_lent;

        /// <summary>Graphs this thread has built (not lent): what a test counts.</summary>
        [ThreadStatic]
        private static int t_built;

        internal static int BuiltOnThisThread => t_built;

        /// <summary>Lends <paramref name="graph"/>, the graph of <paramref name="root"/>, to this thread until the scope is disposed.</summary>
        public static LentGraph Lend(IOperation root, ControlFlowGraph graph)
        {
            var previous = t_lent;
            t_lent = (root, graph);
            return new LentGraph(previous);
        }

        /// <summary>Restores what was lent before: nothing, in the analyzer, which lends one body's graph at a time.</summary>
        internal readonly struct LentGraph : IDisposable
        {
            private readonly (IOperation Root, ControlFlowGraph Graph)? _previous;

            public LentGraph((IOperation Root, ControlFlowGraph Graph)? previous) => _previous = previous;

            public void Dispose() => t_lent = _previous;
        }

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

        /// <summary>The graph of a root operation (the one lent to this thread, if it is that root's); null for an operation no graph is built for.</summary>
        public static ControlFlowGraph? Create(IOperation root, CancellationToken cancellation)
        {
            if (t_lent is { } lent && ReferenceEquals(lent.Root, root))
            {
                return lent.Graph;
            }

            var graph = Build(root, cancellation);
            if (graph is not null)
            {
                t_built++;
            }

            return graph;
        }

        private static ControlFlowGraph? Build(IOperation root, CancellationToken cancellation) => root switch
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

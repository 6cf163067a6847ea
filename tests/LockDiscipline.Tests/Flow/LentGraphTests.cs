using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Summaries;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockDiscipline.Tests.Flow
{
    /// <summary>
    /// A lock wrapper's own analysis asks for its inferred contract first; the inference reads the graph the analysis
    /// already built (lent to the thread while the analysis runs) instead of building a second one of the same body.
    /// </summary>
    public class LentGraphTests
    {
        private const string Source = @"
class Gate
{
    private readonly object _o = new object();
    public void Enter() { System.Threading.Monitor.Enter(_o); }
    public void Leave() { System.Threading.Monitor.Exit(_o); }
}";

        [Fact]
        public void InferringTheContractOfTheBodyBeingAnalyzed_ReadsTheLentGraph_AndBuildsNone()
        {
            var (services, _, root, method) = Wrapper("Enter");
            var graph = CodeBlockGraph.Create(root, default)!;
            var built = CodeBlockGraph.BuiltOnThisThread;

            MethodContract? inferred;
            using (CodeBlockGraph.Lend(root, graph))
            {
                Assert.Same(graph, CodeBlockGraph.Create(root, default));
                inferred = new ContractInference(services).For(method);
            }

            Assert.Equal(built, CodeBlockGraph.BuiltOnThisThread);
            Assert.Equal("_o", Assert.Single(inferred!.Acquires).ToString());
        }

        [Fact]
        public void WithNothingLent_TheInferenceBuildsItsOwnGraph_AndInfersTheSame()
        {
            var (services, _, _, method) = Wrapper("Enter");
            var built = CodeBlockGraph.BuiltOnThisThread;

            var inferred = new ContractInference(services).For(method);

            Assert.Equal(built + 1, CodeBlockGraph.BuiltOnThisThread);
            Assert.Equal("_o", Assert.Single(inferred!.Acquires).ToString());
        }

        [Fact]
        public void ALentGraph_IsOnlyItsRoots_AndIsGivenBackWhenTheScopeEnds()
        {
            var (_, model, enter, _) = Wrapper("Enter");
            var leave = RootOf(model, "Leave");
            var enterGraph = CodeBlockGraph.Create(enter, default)!;

            using (CodeBlockGraph.Lend(enter, enterGraph))
            {
                var leaveGraph = CodeBlockGraph.Create(leave, default)!;
                Assert.NotSame(enterGraph, leaveGraph);
                using (CodeBlockGraph.Lend(leave, leaveGraph))
                {
                    Assert.Same(leaveGraph, CodeBlockGraph.Create(leave, default));
                    Assert.NotSame(enterGraph, CodeBlockGraph.Create(enter, default)); // one lent at a time: the innermost
                }

                Assert.Same(enterGraph, CodeBlockGraph.Create(enter, default)); // the outer one is lent again
            }

            Assert.NotSame(enterGraph, CodeBlockGraph.Create(enter, default));
        }

        private static (AnalysisServices Services, SemanticModel Model, IOperation Root, IMethodSymbol Method) Wrapper(string name)
        {
            var compilation = DirectRunner.Compile(new[] { ("Gate.cs", Source) });
            var services = new AnalysisServices(compilation);
            var model = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);
            services.Remember(model); // as the driver's model is: the inference binds through it and finds the same root
            return (services, model, RootOf(model, name), (IMethodSymbol)model.GetDeclaredSymbol(Declaration(model, name))!);
        }

        private static IOperation RootOf(SemanticModel model, string name) => CodeBlockGraph.RootOperation(model, Declaration(model, name), default)!;

        private static MethodDeclarationSyntax Declaration(SemanticModel model, string name) =>
            model.SyntaxTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == name);
    }
}

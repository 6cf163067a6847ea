using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Flow
{
    /// <summary>
    /// The compilation's end reads bodies through the driver's models, which have bound them already; a tree whose
    /// model was not kept gets a model of its own.
    /// </summary>
    public class DriverModelTests
    {
        [Fact]
        public void ModelOf_GivesTheRememberedModel_AndANewOneForATreeNotRemembered()
        {
            var compilation = DirectRunner.Compile(new[]
            {
                ("A.cs", "class A { void M() { } }"),
                ("B.cs", "class B { void N() { } }"),
            });
            var services = new AnalysisServices(compilation);
            var treeA = compilation.SyntaxTrees[0];
            var treeB = compilation.SyntaxTrees[1];
            var driverModel = compilation.GetSemanticModel(treeA);

            services.Remember(driverModel);

            Assert.Same(driverModel, services.ModelOf(treeA));
            var other = services.ModelOf(treeB);
            Assert.Same(treeB, other.SyntaxTree);
            Assert.NotSame(other, services.ModelOf(treeB)); // not kept: only the driver's models are
        }

        [Fact]
        public void Remember_KeepsTheFirstModelOfATree()
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", "class A { }") });
            var services = new AnalysisServices(compilation);
            var tree = compilation.SyntaxTrees[0];
            var first = compilation.GetSemanticModel(tree);

            services.Remember(first);
            services.Remember(compilation.GetSemanticModel(tree));

            Assert.Same(first, services.ModelOf(tree));
        }
    }
}

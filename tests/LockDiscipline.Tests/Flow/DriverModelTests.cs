using System;
using System.Linq;
using System.Runtime.CompilerServices;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockDiscipline.Tests.Flow
{
    /// <summary>
    /// The compilation's end reads bodies through the driver's models, which have bound them already; a tree whose
    /// model was not kept, or was collected since (it is held weakly), gets a model of its own.
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

        [Fact]
        public void ModelOf_MakesANewModel_AndKeepsIt_WhenTheRememberedOneWasCollected()
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", "class A { int M() => 1; }") });
            var services = new AnalysisServices(compilation);
            var tree = compilation.SyntaxTrees[0];
            var watch = RememberAModelNobodyHolds(services, compilation, tree);

            for (var i = 0; i < 10 && watch.IsAlive; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.False(watch.IsAlive); // the services do not keep a model alive
            var model = services.ModelOf(tree);
            Assert.Same(tree, model.SyntaxTree);
            Assert.Same(model, services.ModelOf(tree)); // the new model takes the collected one's place
            Assert.NotNull(model.GetDeclaredSymbol(tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single()));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference RememberAModelNobodyHolds(AnalysisServices services, Compilation compilation, SyntaxTree tree)
        {
            var model = compilation.GetSemanticModel(tree);
            services.Remember(model);
            return new WeakReference(model);
        }
    }
}

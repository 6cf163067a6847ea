using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Summaries;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockDiscipline.Tests.Summaries
{
    /// <summary>
    /// The call targets the scans hand over are indexed by where each call is written only when a search first reads
    /// them, and targets handed over after that (a callee scanned on demand at the compilation's end) are found too.
    /// </summary>
    public class CallGraphTargetsTests
    {
        private const string Source = @"
class C
{
    void A() { B(); D<int>(); }
    void B() { A(); }
    void D<T>() { }
}";

        [Fact]
        public void EveryRecordedCall_IsFound_ByWhereItIsWritten_AsItsOriginalDefinition()
        {
            var compilation = DirectRunner.Compile(new[] { ("C.cs", Source) });
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var calls = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
            List<(SyntaxNode, IMethodSymbol)> Targets(params InvocationExpressionSyntax[] of) =>
                of.Select(c => ((SyntaxNode)c, (IMethodSymbol)model.GetSymbolInfo(c).Symbol!)).ToList();

            var graph = new CallGraph();
            graph.RecordTargets(Targets(calls[0], calls[1])); // the body of A
            Assert.True(graph.TryGetTarget(tree, calls[0].Span, out var b));
            Assert.Equal("B", b.Name);
            Assert.True(graph.TryGetTarget(tree, calls[1].Span, out var d));
            Assert.True(SymbolEqualityComparer.Default.Equals(compilation.GetTypeByMetadataName("C")!.GetMembers("D").Single(), d)); // D<int>() is read as D<T>
            Assert.True(d.IsDefinition);
            Assert.False(graph.TryGetTarget(tree, calls[2].Span, out _)); // B's body is not scanned yet

            graph.RecordTargets(Targets(calls[2])); // scanned on demand, after the first search
            Assert.True(graph.TryGetTarget(tree, calls[2].Span, out var a));
            Assert.Equal("A", a.Name);
        }
    }
}

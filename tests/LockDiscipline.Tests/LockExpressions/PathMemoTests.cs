using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace LockDiscipline.Tests.LockExpressions
{
    /// <summary>
    /// The resolver keeps its first answers in a short array and moves them to a dictionary when a body asks about
    /// more operations: every answer, asked first, again, or after the move, is the one a fresh resolver gives.
    /// </summary>
    public class PathMemoTests
    {
        private const string Source = @"
public class Node { public object Gate = new object(); public Node Next; }
public class C
{
    private readonly object _a = new object(), _b = new object(), _c = new object();
    private Node _head = new Node();
    public void M(Node p, object q)
    {
        var local = _head.Next;
        lock (_a) { lock (_b) { lock (_c) { } } }
        lock (p.Gate) { lock (p.Next.Gate) { lock (local.Gate) { lock (q) { lock (this) { lock (_head.Next.Next.Gate) { } } } } } }
    }
}";

        [Fact]
        public void EveryAnswerIsAFreshResolversBeforeAndAfterTheMemoGrows()
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", Source) });
            var tree = compilation.SyntaxTrees.Single();
            var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
            var body = (IMethodBodyOperation)compilation.GetSemanticModel(tree).GetOperation(method)!;
            var cfg = ControlFlowGraph.Create(body);
            var operations = cfg.Blocks
                .SelectMany(b => b.Operations.Concat(b.BranchValue is null ? Enumerable.Empty<IOperation>() : new[] { b.BranchValue }))
                .SelectMany(o => o.DescendantsAndSelf())
                .ToList();
            Assert.True(operations.Count > 24, "enough operations to fill the short array several times over");

            var resolver = new OperationPathResolver(cfg);
            var first = new Dictionary<IOperation, LockPath?>();
            for (var i = 0; i < operations.Count; i++)
            {
                first[operations[i]] = resolver.PathOf(operations[i]);
                Assert.Equal(new OperationPathResolver(cfg).PathOf(operations[i]), first[operations[i]]);

                // Every earlier answer, asked again while the memo is the short array and after it has moved.
                for (var earlier = i; earlier >= 0; earlier--)
                {
                    Assert.Same(first[operations[earlier]], resolver.PathOf(operations[earlier]));
                }
            }

            Assert.Contains(first.Values, path => path?.ToString() == "p.Next.Gate");
            Assert.Contains(first.Values, path => path?.ToString() == "_head.Next.Next.Gate");
            Assert.Contains(first.Values, path => path?.ToString() == "_head.Next.Gate"); // local.Gate, through the local's one assignment
        }
    }
}

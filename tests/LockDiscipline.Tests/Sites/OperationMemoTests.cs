using System.Linq;
using LockDiscipline.Analyzers.Sites;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace LockDiscipline.Tests.Sites
{
    /// <summary>The per-body memo answers by identity, whether it holds a few answers in its array or has moved them to a dictionary.</summary>
    public class OperationMemoTests
    {
        private static IOperation[] Operations()
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", "class C { int M(int a, int b) => a + b * a - b / (a + 1) + (b - a) * (a + b) - a * b; }") });
            var tree = compilation.SyntaxTrees.Single();
            var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
            return compilation.GetSemanticModel(tree).GetOperation(method)!.DescendantsAndSelf().ToArray();
        }

        [Fact]
        public void AnswersByIdentityBeforeAndAfterTheMove()
        {
            var operations = Operations();
            Assert.True(operations.Length > 20);
            var memo = new OperationMemo<int>();
            for (var i = 0; i < operations.Length; i++)
            {
                Assert.False(memo.TryGetValue(operations[i], out _));
                memo.Set(operations[i], i);
                for (var j = 0; j <= i; j++)
                {
                    Assert.True(memo.TryGetValue(operations[j], out var answer));
                    Assert.Equal(j, answer);
                }
            }
        }

        [Theory]
        [InlineData(3)]
        [InlineData(20)]
        public void ASecondAnswerReplacesTheFirst(int asked)
        {
            var operations = Operations().Take(asked).ToArray();
            var memo = new OperationMemo<string>();
            foreach (var operation in operations)
            {
                memo.Set(operation, "first");
            }

            memo.Set(operations[1], "second");

            Assert.True(memo.TryGetValue(operations[1], out var replaced));
            Assert.Equal("second", replaced);
            Assert.True(memo.TryGetValue(operations[0], out var kept));
            Assert.Equal("first", kept);
        }
    }
}

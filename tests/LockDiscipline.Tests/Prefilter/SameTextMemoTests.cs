using System.Linq;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockDiscipline.Tests.Prefilter
{
    /// <summary>
    /// What is read from a file's text is kept for the next compilation's new tree of the same text, as a compiler
    /// server parses every file again, and only then: another text, other preprocessor symbols or another key
    /// read it afresh.
    /// </summary>
    public class SameTextMemoTests
    {
        private const string Text = "class C { void M() { lock (this) { } } }";

        private static SyntaxTree Parse(string text, string path = "/src/C.cs", params string[] symbols) =>
            CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(preprocessorSymbols: symbols), path);

        [Fact]
        public void ANewTreeOfTheSameText_GetsTheValueReadFromTheFirst()
        {
            var memo = new SameTextMemo<object>(maxChars: 1 << 20);
            var reads = 0;
            var first = memo.Get(Parse(Text), "k", _ => { reads++; return new object(); });
            var second = memo.Get(Parse(Text), "k", _ => { reads++; return new object(); });
            Assert.Same(first, second);
            Assert.Equal(1, reads);
        }

        [Theory]
        [InlineData(Text + " ", "/src/C.cs", "k", "")]   // another text
        [InlineData(Text, "/src/D.cs", "k", "")]         // another file
        [InlineData(Text, "/src/C.cs", "other", "")]     // another key (other relevant names)
        [InlineData(Text, "/src/C.cs", "k", "DEBUG")]    // other preprocessor symbols: another tree of the same text
        public void AnythingElse_IsReadAfresh(string text, string path, string key, string symbol)
        {
            var memo = new SameTextMemo<object>(maxChars: 1 << 20);
            var first = memo.Get(Parse(Text), "k", _ => new object());
            var symbols = symbol.Length == 0 ? new string[0] : new[] { symbol };
            Assert.NotSame(first, memo.Get(Parse(text, path, symbols), key, _ => new object()));
        }

        [Fact]
        public void ATreeWithoutAPath_IsReadEveryTime()
        {
            var memo = new SameTextMemo<object>(maxChars: 1 << 20);
            var first = memo.Get(Parse(Text, path: ""), "k", _ => new object());
            Assert.NotSame(first, memo.Get(Parse(Text, path: ""), "k", _ => new object()));
        }

        [Fact]
        public void PastItsBound_ItStartsAfresh()
        {
            var memo = new SameTextMemo<object>(maxChars: Text.Length * 2);
            var first = memo.Get(Parse(Text, "/src/A.cs"), "k", _ => new object());
            memo.Get(Parse(Text, "/src/B.cs"), "k", _ => new object());
            memo.Get(Parse(Text, "/src/C.cs"), "k", _ => new object()); // over the bound: everything is let go
            Assert.NotSame(first, memo.Get(Parse(Text, "/src/A.cs"), "k", _ => new object()));
        }

        /// <summary>
        /// End to end, as in a compiler server: a second compilation of new trees, one file edited to annotate a method.
        /// The names and the screen follow the edit; the unchanged file's screen is the first one's.
        /// </summary>
        [Fact]
        public void ASecondCompilation_SeesTheEditedFile_AndReusesTheUnchangedOne()
        {
            const string caller = "public class Caller { public void Run(Worker w) { w.Drain(); } }";
            const string before = "public class Worker { public void Drain() { } }";
            const string after = "public class Worker { [LockDiscipline.MightSleep] public void Drain() { } }";
            var prelude = ("/src/Prelude.cs", Prelude.Source);

            var first = DirectRunner.Compile(new[] { ("/src/Caller.cs", caller), ("/src/Worker.cs", before), prelude });
            var firstNames = LockRelevantNames.For(first);
            var firstScreen = TextScreen.For(first.SyntaxTrees.First(), firstNames, default);
            Assert.False(firstNames.Contains("Drain"));

            var second = DirectRunner.Compile(new[] { ("/src/Caller.cs", caller), ("/src/Worker.cs", after), prelude });
            var secondNames = LockRelevantNames.For(second);
            Assert.True(secondNames.Contains("Drain"));
            var callerTree = second.SyntaxTrees.First();
            var secondScreen = TextScreen.For(callerTree, secondNames, default);
            Assert.NotSame(firstScreen, secondScreen); // the names changed: screened again
            Assert.True(secondScreen.MayMatter(callerTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax>().First().Span));

            var third = DirectRunner.Compile(new[] { ("/src/Caller.cs", caller), ("/src/Worker.cs", after), prelude });
            Assert.Same(secondScreen, TextScreen.For(third.SyntaxTrees.First(), LockRelevantNames.For(third), default));
        }
    }
}

using System.Linq;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockDiscipline.Tests.Prefilter
{
    /// <summary>
    /// The screen's word filter, which lets the compilation's end skip files that never spell a name: it never says
    /// no to a name a file spells (in a file that parses cleanly), and says no to most words a file does not spell.
    /// </summary>
    public class TextScreenWordsTests
    {
        [Fact]
        public void EveryNameOfTheCorpus_AndOfTheProductsOwnSource_MayBeSpelled_AndMadeUpWordsMostlyNot()
        {
            var names = 0;
            var madeUp = 0;
            var madeUpSaidNo = 0;
            foreach (var (file, text) in SourceCorpus.WithProductSource())
            {
                var compilation = DirectRunner.Compile(new[] { (file, text) });
                var tree = compilation.SyntaxTrees.Single();
                var screen = TextScreen.For(tree, LockRelevantNames.For(compilation), default);
                if (tree.GetRoot().ContainsDiagnostics || screen.StoodAside)
                {
                    continue;
                }

                foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>().Select(n => n.Identifier.ValueText).Distinct())
                {
                    Assert.True(screen.MaySpell(name), $"{file}: '{name}'");
                    names++;
                }

                for (var i = 0; i < 20; i++)
                {
                    madeUp++;
                    madeUpSaidNo += screen.MaySpell($"Qz{i}Vx{file.Length}") ? 0 : 1;
                }
            }

            Assert.True(names > 10000, $"only {names} names");
            Assert.True(madeUpSaidNo > madeUp * 9 / 10, $"{madeUpSaidNo} of {madeUp} made-up words ruled out");
        }

        [Theory]
        [InlineData("class C { void M() { _\\u006E = 1; } int _n; }", "Absent")] // an escape in a name: the screen stands aside
        [InlineData("class C { void M() { var s = \"x\"; } }", "")]
        [InlineData("class C { void M() { var \U0001D400x = 1; } }", "\U0001D400x")] // a name outside the basic plane
        public void SaysMaybeWhereWordsCannotTell(string source, string word)
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", source) });
            var screen = TextScreen.For(compilation.SyntaxTrees.Single(), LockRelevantNames.For(compilation), default);

            Assert.True(screen.MaySpell(word));
        }

        [Fact]
        public void SaysNoToAWordTheFileDoesNotSpell()
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", "class C { void Flush() { FlushAsync(); } void FlushAsync() { } }") });
            var screen = TextScreen.For(compilation.SyntaxTrees.Single(), LockRelevantNames.For(compilation), default);

            Assert.True(screen.MaySpell("Flush"));
            Assert.True(screen.MaySpell("FlushAsync"));
            Assert.False(screen.MaySpell("Close"));
        }
    }
}

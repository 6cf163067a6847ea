using System.Linq;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockDiscipline.Tests.Prefilter
{
    /// <summary>
    /// <see cref="SpelledNames"/> finds, from the text, exactly the simple names a walk of the syntax finds,
    /// in the same order: not the name inside a longer identifier, a comment, a string or a doc comment;
    /// verbatim and generic names; and escapes or formatting characters, where it walks instead.
    /// </summary>
    public class SpelledNamesTests
    {
        [Theory]
        [InlineData("class C { int _n; int _nMax; void M() { _n = _nMax; /* _n */ var s = \"_n\"; this._n++; } }", "_n", 2)]
        [InlineData("class C { int n; void M() { @n = 1; n = 2; } }", "n", 2)]
        [InlineData("class C { void Go<T>() { } void M() { Go<int>(); Go<string>(); } }", "Go", 2)]
        [InlineData("class C { /// <see cref=\"M\"/>\n void M() { M(); } }", "M", 1)]
        [InlineData("class C { int _n; void M() { _\\u006E = 1; _n = 2; } }", "_n", 2)]
        [InlineData("class C { int _n; void M() { _\u200Bn = 1; _n = 2; } }", "_n", 2)]
        [InlineData("class C { int _n; void M() { int _nn = 0; _nn++; } }", "_n", 0)]
        [InlineData("class C { int global; void M() { global = 1; global::System.Console.WriteLine(); } }", "global", 2)]
        [InlineData("class C { int aa; void M() { aaa = aa; aa = aaaa; } int aaa, aaaa; }", "aa", 2)]
        public void FindsWhatAWalkFinds_InSourceOrder(string source, string name, int expected)
        {
            var tree = DirectRunner.Compile(new[] { ("A.cs", source) }).SyntaxTrees.Single();
            var type = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single();
            var walked = type.DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.Identifier.ValueText == name).ToList();

            var found = new SpelledNames(default).In(type, name);

            Assert.Equal(expected, walked.Count);
            Assert.Equal(walked.Select(n => n.SpanStart), found.Select(n => n.SpanStart));
            Assert.All(found.Zip(walked, (f, w) => (f, w)), pair => Assert.Same(pair.w, pair.f));
        }

        /// <summary>
        /// An escape or a formatting character inside a literal or a comment changes no name: the text is still
        /// searched, and finds what the walk finds. One in an identifier (an interpolation's hole included) is walked.
        /// </summary>
        [Theory]
        [InlineData("class C { int _n; void M() { var s = \"\\u0041\"; _n = 1; _n = 2; } }", "_n", 2, true)]
        [InlineData("class C { int _n; void M() { var c = '\\u0041'; _n = 1; } }", "_n", 1, true)]
        [InlineData("class C { int _n; void M() { // \\u0041\n _n = 1; /* \\U00000041 */ } }", "_n", 1, true)]
        [InlineData("class C { int _n; void M() { var s = $\"a\\u0041{_n}b\\u0042\"; _n = 2; } }", "_n", 2, true)]
        [InlineData("class C { int _n; void M() { var s = \"\"\"a\\u0041\"\"\"; _n = 1; } }", "_n", 1, true)]
        [InlineData("class C { int _n; void M() { var s = \"a\u200Bb\"; _n = 1; } }", "_n", 1, true)]
        [InlineData("class C { int _n; void M() { var s = $\"{_\\u006E}\"; _n = 2; } }", "_n", 2, false)]
        [InlineData("class C { int _n; void M() { var s = \"\\u0041\"; _\\u006E = 2; } }", "_n", 1, false)]
        [InlineData("class C { int _n; void M() { var s = \"\\u0041\"; _\u200Bn = 2; } }", "_n", 1, false)]
        public void HidingCharactersCountOnlyOutsideLiteralsAndTrivia(string source, string name, int expected, bool searchesText)
        {
            var tree = DirectRunner.Compile(new[] { ("A.cs", source) }).SyntaxTrees.Single();
            var type = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single();
            var walked = type.DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.Identifier.ValueText == name).ToList();
            var names = new SpelledNames(default);

            var found = names.In(type, name);

            Assert.Equal(searchesText, names.SearchesText(type));
            Assert.Equal(expected, walked.Count);
            Assert.Equal(walked.Select(n => n.SpanStart), found.Select(n => n.SpanStart));
        }

        /// <summary>
        /// Whether a whole file is plain is kept for the next compilation's tree of the same text; a part of a file that
        /// is not plain is judged by its own text, in every compilation.
        /// </summary>
        [Fact]
        public void InAFileThatIsNotPlain_APlainPartIsStillSearched_AndEachCompilationAnswersAlike()
        {
            const string source = "class A { int _n; void M() { _\\u006E = 1; _n = 2; } } class B { int _n; void M() { _n = 3; } }";
            for (var compilation = 0; compilation < 2; compilation++)
            {
                var tree = DirectRunner.Compile(new[] { ("/src/Mixed.cs", source) }).SyntaxTrees.Single();
                var root = tree.GetRoot();
                var a = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "A");
                var b = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "B");
                var names = new SpelledNames(default);

                Assert.False(names.SearchesText(root));
                Assert.False(names.SearchesText(a));
                Assert.True(names.SearchesText(b));
                Assert.Equal(3, names.In(root, "_n").Count); // the walk: the escaped name counts
                Assert.Equal(2, names.In(a, "_n").Count);
                Assert.Single(names.In(b, "_n"));
            }
        }

        /// <summary>
        /// Places inside a longer word are skipped before any token is looked up. After the name, that holds in any
        /// plain text; before it, only in a file that parses cleanly: in broken code a name can touch the number before
        /// it (<c>1uAdd</c>), and is still found.
        /// </summary>
        [Theory]
        [InlineData("class C { void Add() { } void M() { AddAll(); _Add(); Add(); x.Add(); } }", "Add", 2)]
        [InlineData("class C { void Add() { } void M() { var n = 1uAdd(); Add(); } }", "Add", 2)]
        [InlineData("class C { void Add() { } void M() { var n = 0x1Add; Add(); } }", "Add", 1)]
        [InlineData("class C { void M() { var s = $\"{1}Add\"; Add(); } void Add() { } }", "Add", 1)]
        [InlineData("class C { void M() { switch (1) { case 1when true: Add(); break; } } void Add() { } }", "when", 0)]
        public void APlaceInsideALongerWordIsNotTheName(string source, string name, int expected)
        {
            var tree = DirectRunner.Compile(new[] { ("A.cs", source) }).SyntaxTrees.Single();
            var root = tree.GetRoot();
            var walked = root.DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.Identifier.ValueText == name).ToList();

            var found = new SpelledNames(default).In(root, name);

            Assert.Equal(expected, walked.Count);
            Assert.Equal(walked.Select(n => n.SpanStart), found.Select(n => n.SpanStart));
        }

        /// <summary>
        /// For every name spelled in every file of the test corpus and of the product's own source, the search
        /// finds exactly the simple names a walk finds, in order.
        /// </summary>
        [Fact]
        public void EveryNameOfTheCorpus_AndOfTheProductsOwnSource_IsFoundWhereTheWalkFindsIt()
        {
            var files = SourceCorpus.WithProductSource();
            var searched = 0;
            foreach (var (file, text) in files)
            {
                var root = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, path: file).GetRoot();
                var names = new SpelledNames(default);
                foreach (var group in root.DescendantNodes().OfType<SimpleNameSyntax>().GroupBy(n => n.Identifier.ValueText))
                {
                    var found = names.In(root, group.Key);
                    Assert.True(group.Select(n => n.SpanStart).SequenceEqual(found.Select(n => n.SpanStart)), $"{file}: '{group.Key}'");
                    searched++;
                }
            }

            Assert.True(searched > 10000, $"only {searched} names");
        }

        /// <summary>A place the caller leaves out is not looked up, and the others are found as before.</summary>
        [Fact]
        public void APlaceLeftOutIsNotLookedUp()
        {
            const string source = "class C { int x; void M() { x = 1; x = 2; } }";
            var root = DirectRunner.Compile(new[] { ("A.cs", source) }).SyntaxTrees.Single().GetRoot();
            var second = source.LastIndexOf("x = 2", System.StringComparison.Ordinal);
            var asked = new System.Collections.Generic.List<int>();

            var found = new SpelledNames(default).In(root, "x", at => { asked.Add(at); return at == second; });

            Assert.Equal(new[] { source.IndexOf("x = 1", System.StringComparison.Ordinal) }, found.Select(n => n.SpanStart));
            Assert.Equal(3, asked.Count); // the field's declarator is no simple name, but its place is asked about too
        }

        [Fact]
        public void SearchesOnlyInsideTheNode()
        {
            var tree = DirectRunner.Compile(new[] { ("A.cs", "class A { int x; void M() { x = 1; } } class B { int x; void M() { x = 2; x = 3; } }") }).SyntaxTrees.Single();
            var b = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "B");

            Assert.Equal(2, new SpelledNames(default).In(b, "x").Count);
        }
    }
}

using System.Collections.Generic;
using System.IO;
using System.Linq;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockDiscipline.Tests.Prefilter
{
    /// <summary>
    /// The pre-filter looks at a body's syntax only where the file's text screen saw something, instead of walking
    /// all of it. It must answer for every body exactly what the screen followed by the walk answers.
    /// </summary>
    public class ScreenedPrefilterTests
    {
        private const string Annotated = @"
using System.Collections;
using System.Collections.Generic;
using LockDiscipline;

public class Bag : IEnumerable<int>
{
    [MightSleep] public void Add(int x) { }
    public IEnumerator<int> GetEnumerator() => null!;
    IEnumerator IEnumerable.GetEnumerator() => null!;
}

public class Table
{
    private readonly object _gate = new object();
    [GuardedBy(""_gate"")] public int this[int i] { get => 0; set { } }
}
";

        // Each body: what the walk says, and so what the screened look must say.
        [Theory]
        [InlineData("int M(int x) { return x + 1; }", false)]
        [InlineData("void M(object o) { lock (o) { } }", true)]
        [InlineData("void M(object o) { System.Action a = () => { lock (o) { } }; }", true)]
        [InlineData("void M(Spin s) { }", false)]                                   // a relevant name only in a parameter's type
        [InlineData("Spin M() { return null!; }", false)]                           // ... only in the return type
        [InlineData("void M(Spin s) { s.Lock(); }", true)]
        [InlineData("void M(Spin s) { s.@Lock(); }", true)]                         // verbatim: the token starts one before the word
        [InlineData("void M() { /* s.Lock(); */ }", false)]                         // in a comment
        [InlineData("string M() { return \"Lock\"; }", false)]                       // in a string
        [InlineData("string M(Spin s) { return $\"{s.TryLock()}\"; }", true)]        // in an interpolation
        [InlineData("object M() => from x in new int[0] select x;", true)]
        [InlineData("int M(int[] a) => a[0];", true)]                               // a guarded indexer makes every element access matter
        [InlineData("int M(int[] a) => a.Length;", false)]
        [InlineData("int M(Table t) => t?[0] ?? 0;", true)]
        [InlineData("Bag M() => new Bag { 1, 2 };", true)]                          // a collection initializer calls Add unspelled
        [InlineData("int[] M() => new[] { 1, 2 };", false)]                         // an array initializer does not
        [InlineData("void M() { [LockDiscipline.MightSleep] void F() { } F(); }", true)]  // an annotated local function
        [InlineData("void M() { System.Action a = [LockDiscipline.MightSleep] () => { }; }", true)]
        [InlineData("int M(int x) { var Add = x; return Add; }", true)]             // a local spelled like a relevant name
        [InlineData("void M(int x) { int Add = x; }", false)]                       // ... declared only: no simple name
        // Syntax errors where a name follows another word with nothing between: the screen sees one longer word.
        [InlineData("void M(Spin s) { int[] a = null; var x = 1Wait; }", true)]
        [InlineData("void M(Spin s) { int[] a = null; s.\u0301Lock(); }", true)]    // a combining mark (raw, not an escape)
        [InlineData("void M(Spin s) { int[] a = null; s.\u0663Lock(); }", true)]    // an Arabic-Indic digit
        [InlineData("void M(Spin s) { int[] a = null; s.\u203FLock(); }", true)]    // a connector punctuation
        public void ScreenedLook_AnswersAsTheWalk(string method, bool expected)
        {
            var source = Annotated + "public class C { " + method + " }";
            var (_, walked, screened) = Answers(new[] { ("C.cs", source), ("Prelude.cs", Prelude.Source) }, "C.cs")
                .Single(a => a.Name == "M");
            Assert.Equal(expected, walked);
            Assert.Equal(walked, screened);
        }

        [Fact]
        public void EveryBodyOfTheCorpus_AndOfTheProductsOwnSource_GetsTheWalksAnswer()
        {
            var checkedBodies = 0;
            var letThrough = 0;
            foreach (var (name, text) in SourceCorpus.All())
            {
                foreach (var (block, walked, screened) in Answers(new[] { ("Source.cs", text), ("Prelude.cs", Prelude.Source) }, "Source.cs"))
                {
                    Assert.True(walked == screened, $"{name}, {block}: the walk says {walked}, the screened look {screened}");
                    checkedBodies++;
                    letThrough += walked ? 1 : 0;
                }
            }

            // The product's own source (analyzers, code fixes, tool): large, unannotated, full of brackets, braces and
            // collection initializers.
            var own = Directory.GetFiles(Path.Combine(DirectRunner.RepoRoot, "analyzers"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .Select(f => (Path: f, Text: File.ReadAllText(f)))
                .ToList();
            var withAnnotated = own.Append(("Annotated.cs", Annotated)).Append(("Prelude.cs", Prelude.Source)).ToList();
            foreach (var (path, _) in own)
            {
                foreach (var (block, walked, screened) in Answers(withAnnotated, path))
                {
                    Assert.True(walked == screened, $"{Path.GetFileName(path)}, {block}: the walk says {walked}, the screened look {screened}");
                    checkedBodies++;
                    letThrough += walked ? 1 : 0;
                }
            }

            Assert.True(checkedBodies > 2000, $"only {checkedBodies} bodies");
            Assert.InRange(letThrough, 100, checkedBodies - 100); // both answers are exercised
        }

        private static readonly Dictionary<string, Compilation> Compilations = new Dictionary<string, Compilation>();

        /// <summary>For each code block of <paramref name="file"/>: the screen then the walk, and the screened look.</summary>
        private static IEnumerable<(string Name, bool Walked, bool Screened)> Answers(IReadOnlyList<(string Path, string Text)> files, string file)
        {
            var key = string.Join("\0", files.Select(f => f.Path + "\0" + f.Text)); // one compilation for every file of the same set
            lock (Compilations)
            {
                if (!Compilations.TryGetValue(key, out var cached))
                {
                    Compilations[key] = cached = DirectRunner.Compile(files);
                }

                var compilation = cached;
                var names = LockRelevantNames.For(compilation);
                var tree = compilation.SyntaxTrees.Single(t => t.FilePath == file);
                var screen = TextScreen.For(tree, names, default);
                var answers = new List<(string, bool, bool)>();
                foreach (var block in DeclaredCodeBlocks.In((CompilationUnitSyntax)tree.GetRoot(), null))
                {
                    var root = block.GraphRoot;
                    var walked = screen.MayMatter(root.Span) && SyntacticPrefilter.MayMatter(root, names);
                    answers.Add((NameOf(block.Declaration), walked, SyntacticPrefilter.MayMatter(root, names, screen)));
                }

                return answers;
            }
        }

        private static string NameOf(SyntaxNode declaration) => declaration switch
        {
            MethodDeclarationSyntax m => m.Identifier.ValueText,
            _ => declaration.Kind() + "@" + declaration.SpanStart,
        };
    }
}

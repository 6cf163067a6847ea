using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockDiscipline.Tests.Prefilter
{
    /// <summary>
    /// The pre-filter only saves work: over every source the project holds (samples, the reference
    /// model, every test's code), the analyzers report exactly the same with it as with
    /// <c>lockdiscipline.syntactic_prefilter = false</c>. And the names it collects from a referenced
    /// assembly's annotations (not from source) are enough: the patch story compiled against the
    /// reference model as a built assembly, the way <c>dotnet build</c> sees it, raises what it raises
    /// when both are one compilation.
    /// </summary>
    public class PrefilterEquivalenceTests
    {
        public static IEnumerable<object[]> Sources() => SourceCorpus.All().Select(s => new object[] { s.Name });

        [Theory]
        [MemberData(nameof(Sources))]
        public void EverySource_SameDiagnostics_WithAndWithoutThePrefilter(string name)
        {
            var text = SourceCorpus.All().Single(s => s.Name == name).Text;
            var compilation = DirectRunner.Compile(new[] { ("Source.cs", text), ("Prelude.cs", Prelude.Source) });
            Assert.Equal(Render(Analyze(compilation, prefilter: false)), Render(Analyze(compilation, prefilter: true)));
        }

        [Fact]
        public void WholeSamples_SameDiagnostics_WithAndWithoutThePrefilter()
        {
            var reference = SourceFiles("reference", "LockDiscipline.Reference");
            foreach (var sample in Directory.GetDirectories(Path.Combine(DirectRunner.RepoRoot, "samples")))
            {
                var compilation = DirectRunner.Compile(reference.Concat(SourceFiles(sample)));
                var without = Render(Analyze(compilation, prefilter: false));
                Assert.Equal(without, Render(Analyze(compilation, prefilter: true)));
                Assert.NotEmpty(without);
            }
        }

        [Fact]
        public void PatchStory_AgainstTheBuiltReferenceModel_SameDiagnosticsAsFromSource()
        {
            var reference = SourceFiles("reference", "LockDiscipline.Reference");
            var story = SourceFiles("samples", "PatchStory");
            var model = DirectRunner.Compile(reference, Enumerable.Empty<MetadataReference>(), "LockDiscipline.Reference");
            using var image = new MemoryStream();
            var emitted = model.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

            var asOneCompilation = Analyze(DirectRunner.Compile(reference.Concat(story)), prefilter: true)
                .Where(d => d.Location.SourceTree!.FilePath.Contains("PatchStory"));
            var againstAssembly = Analyze(DirectRunner.Compile(story, new[] { MetadataReference.CreateFromImage(image.ToArray()) }), prefilter: true);
            Assert.Equal(Render(asOneCompilation), Render(againstAssembly));
            Assert.Contains(againstAssembly, d => d.Id == "LD0002");
        }

        private static ImmutableArray<Diagnostic> Analyze(Compilation compilation, bool prefilter) =>
            DirectRunner.Analyze(compilation, DirectRunner.AllAnalyzers, new AnalyzerOptions(
                ImmutableArray<AdditionalText>.Empty,
                new SameOptionsEverywhere(prefilter ? ImmutableDictionary<string, string>.Empty : ImmutableDictionary<string, string>.Empty.Add(SyntacticPrefilter.OptionKey, "false"))));

        private static List<string> Render(IEnumerable<Diagnostic> diagnostics) =>
            diagnostics.Select(d => $"{d.Id} {Path.GetFileName(d.Location.SourceTree?.FilePath)}:{d.Location.GetLineSpan().StartLinePosition} {d.GetMessage()}")
                .OrderBy(s => s, System.StringComparer.Ordinal).ToList();

        private static List<(string Path, string Text)> SourceFiles(params string[] parts)
        {
            var directory = Path.Combine(new[] { DirectRunner.RepoRoot }.Concat(parts).ToArray());
            return Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .Select(f => (f, File.ReadAllText(f)))
                .ToList();
        }

        /// <summary>The same options for every tree, as a <c>[*]</c> section of an <c>.editorconfig</c> gives.</summary>
        private sealed class SameOptionsEverywhere : AnalyzerConfigOptionsProvider
        {
            private readonly Options _options;

            public SameOptionsEverywhere(ImmutableDictionary<string, string> values) { _options = new Options(values); }

            public override AnalyzerConfigOptions GlobalOptions => _options;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

            private sealed class Options : AnalyzerConfigOptions
            {
                private readonly ImmutableDictionary<string, string> _values;

                public Options(ImmutableDictionary<string, string> values) { _values = values; }

                public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
            }
        }
    }
}

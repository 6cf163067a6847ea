using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Samples
{
    /// <summary>
    /// Holds the analyzers to exactly what each sample file says: a line ending in
    /// <c>// expect: LD0001</c> must raise that diagnostic, starting on that line, and no other line
    /// may raise anything.
    /// </summary>
    public class SampleExpectationTests
    {
        private static readonly Regex Expect = new Regex(@"//\s*expect:\s*(?<ids>LD\d{4}(\s*,\s*LD\d{4})*)");

        public static IEnumerable<object[]> Projects() =>
            Directory.GetDirectories(Path.Combine(DirectRunner.RepoRoot, "samples"))
                .Select(d => new object[] { Path.GetFileName(d) });

        [Theory]
        [MemberData(nameof(Projects))]
        public void Sample_RaisesExactlyTheDiagnosticsItsCommentsExpect(string project)
        {
            var files = SampleFiles(project);
            var expected = files
                .SelectMany(f => File.ReadAllLines(f).Select((text, i) => (f, text, line: i + 1)))
                .SelectMany(l => Expect.Matches(l.text).SelectMany(m => m.Groups["ids"].Value.Split(',').Select(id => $"{Path.GetFileName(l.f)}:{l.line}: {id.Trim()}")))
                .OrderBy(s => s)
                .ToList();

            var compilation = DirectRunner.Compile(files.Select(f => (f, File.ReadAllText(f))));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "the sample must compile:\n" + string.Join("\n", errors));

            var actual = DirectRunner.Analyze(compilation)
                .Select(d => $"{Path.GetFileName(d.Location.SourceTree!.FilePath)}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}")
                .Distinct()
                .OrderBy(s => s)
                .ToList();

            Assert.Equal(expected, actual);
        }

        [Fact]
        public void PatchedCode_RaisesNothing()
        {
            var story = Path.Combine(DirectRunner.RepoRoot, "samples", "PatchStory");
            var patched = SampleFiles("PatchStory").Where(f => !f.StartsWith(story, System.StringComparison.Ordinal) || Path.GetFileName(f).Contains("Patched")).ToList();
            Assert.Contains(patched, f => Path.GetFileName(f).Contains("Patched"));
            var diagnostics = DirectRunner.Analyze(DirectRunner.Compile(patched.Select(f => (f, File.ReadAllText(f)))));
            Assert.Empty(diagnostics);
        }

        private static readonly Regex ProjectReference = new Regex(@"<ProjectReference\s+Include=""(?<path>[^""]+)""");

        /// <summary>
        /// The sample's own sources and those of the projects it compiles against (PatchStory runs on the
        /// reference model, whose sources must raise nothing); the analyzer project reference is skipped.
        /// </summary>
        private static List<string> SampleFiles(string project)
        {
            var directory = Path.Combine(DirectRunner.RepoRoot, "samples", project);
            var csproj = Directory.GetFiles(directory, "*.csproj").Single();
            var referenced = ProjectReference.Matches(File.ReadAllText(csproj))
                .Select(m => Path.GetFullPath(Path.Combine(directory, m.Groups["path"].Value.Replace('\\', Path.DirectorySeparatorChar))))
                .Where(p => !p.Contains("LockDiscipline.Analyzers") && !p.Contains("LockDiscipline.Annotations"))
                .Select(Path.GetDirectoryName);
            return new[] { directory }.Concat(referenced!)
                .SelectMany(d => Directory.GetFiles(d!, "*.cs", SearchOption.AllDirectories))
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                .OrderBy(f => f)
                .ToList();
        }
    }
}

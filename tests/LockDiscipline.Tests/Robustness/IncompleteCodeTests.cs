using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Robustness
{
    /// <summary>
    /// No analyzer may throw on code as it looks while being typed. Every sample file and every
    /// source embedded in the rule tests is cut off at many points (and, separately, has a line
    /// deleted), compiled with whatever errors that makes, and analyzed; any analyzer exception
    /// (AD0001) fails the test.
    /// </summary>
    public class IncompleteCodeTests
    {
        private const int CutsPerSource = 24;

        public static IEnumerable<object[]> Sources() =>
            AllSources().Select(s => new object[] { s.Name });

        [Theory]
        [MemberData(nameof(Sources))]
        public void SourceCutOffAnywhere_NoAnalyzerThrows(string name)
        {
            var text = AllSources().Single(s => s.Name == name).Text;
            var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
            var cuts = Enumerable.Range(1, CutsPerSource).Select(i => text.Length * i / (CutsPerSource + 1))
                .Concat(Enumerable.Range(0, 8).Select(_ => random.Next(text.Length)))
                .Distinct();
            foreach (var cut in cuts)
            {
                AnalyzeFragment(text.Substring(0, cut), $"{name} cut at {cut}");
            }

            var lines = text.Split('\n');
            for (var i = 0; i < 6 && lines.Length > 2; i++)
            {
                var drop = random.Next(lines.Length);
                AnalyzeFragment(string.Join("\n", lines.Where((_, k) => k != drop)), $"{name} without line {drop + 1}");
            }
        }

        private static void AnalyzeFragment(string fragment, string what)
        {
            var files = new List<(string, string)> { ("Fragment.cs", fragment), ("Prelude.cs", Prelude.Source) };
            try
            {
                DirectRunner.Analyze(DirectRunner.Compile(files));
            }
            catch (InvalidOperationException e)
            {
                throw new Xunit.Sdk.XunitException($"{what}:\n{e.Message}\n--- fragment ---\n{fragment}");
            }
        }

        /// <summary>Sample files, and each verbatim string of C# embedded in a rule test.</summary>
        private static IEnumerable<(string Name, string Text)> AllSources()
        {
            var root = DirectRunner.RepoRoot;
            foreach (var file in new[] { "samples", "reference" }
                         .SelectMany(d => Directory.GetFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
                         .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)).OrderBy(f => f))
            {
                yield return (Path.GetRelativePath(root, file), File.ReadAllText(file));
            }

            var verbatim = new Regex("@\"((?:[^\"]|\"\")*)\"", RegexOptions.Singleline);
            foreach (var file in new[] { "Rules", "Robustness" }
                         .SelectMany(d => Directory.GetFiles(Path.Combine(root, "tests", "LockDiscipline.Tests", d), "*.cs")).OrderBy(f => f))
            {
                var index = 0;
                foreach (Match match in verbatim.Matches(File.ReadAllText(file)))
                {
                    var code = match.Groups[1].Value.Replace("\"\"", "\"");
                    if (code.Contains('{') && code.Length > 40)
                    {
                        yield return ($"{Path.GetFileName(file)}#{index++}", StripMarkup(code));
                    }
                }
            }
        }

        /// <summary>Removes the test framework's <c>{|ID:…|}</c> and <c>{|#0:…|}</c> markup, keeping the code.</summary>
        private static string StripMarkup(string code) =>
            Regex.Replace(code, @"\{\|[^:|]*:", "").Replace("|}", "");
    }
}

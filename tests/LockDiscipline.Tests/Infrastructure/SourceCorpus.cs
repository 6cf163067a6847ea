using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace LockDiscipline.Tests.Infrastructure
{
    /// <summary>Every piece of C# the project holds: the samples, the reference model, and the sources embedded in the rule and robustness tests.</summary>
    public static class SourceCorpus
    {
        private static readonly System.Lazy<IReadOnlyList<(string Name, string Text)>> Cached =
            new System.Lazy<IReadOnlyList<(string Name, string Text)>>(() => Read().ToList());

        /// <summary>
        /// Sample files, and each verbatim string of C# embedded in a rule test: read once per test
        /// process (the theories over the corpus look their source up by name, once per case).
        /// </summary>
        public static IEnumerable<(string Name, string Text)> All() => Cached.Value;

        /// <summary>The corpus and every source file of the product itself: real, varied C# for the checks that compare a shortcut with a walk.</summary>
        public static List<(string Name, string Text)> WithProductSource() => All()
            .Concat(Directory.GetFiles(Path.Combine(DirectRunner.RepoRoot, "analyzers"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
                .Select(f => (f, File.ReadAllText(f))))
            .ToList();

        private static IEnumerable<(string Name, string Text)> Read()
        {
            var root = DirectRunner.RepoRoot;
            foreach (var file in new[] { "samples", "reference" }
                         .SelectMany(d => Directory.GetFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
                         .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)).OrderBy(f => f))
            {
                yield return (Path.GetRelativePath(root, file), File.ReadAllText(file));
            }

            var verbatim = new Regex("@\"((?:[^\"]|\"\")*)\"", RegexOptions.Singleline);
            foreach (var file in new[] { "Rules", "Robustness", "Prefilter" }
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

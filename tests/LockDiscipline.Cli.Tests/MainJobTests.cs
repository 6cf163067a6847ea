using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace LockDiscipline.Cli.Tests
{
    /// <summary>
    /// The README's main job, <c>lockdiscipline check samples/PatchStory/PatchStory.csproj</c>: through the
    /// workspace it must report exactly what the build does — each file's <c>// expect: LDxxxx</c> lines and
    /// nothing else, nothing in the patched code — and it must do so on every run.
    /// </summary>
    public class MainJobTests
    {
        private static readonly Regex Expect = new Regex(@"//\s*expect:\s*(?<ids>LD\d{4}(\s*,\s*LD\d{4})*)");
        private static readonly Regex Reported = new Regex(@"^\s*(?<path>\S+?)\((?<line>\d+),\d+\): warning (?<id>LD\d{4}):", RegexOptions.Multiline);

        private static string RepoRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LockDiscipline.sln")))
                {
                    dir = dir.Parent;
                }

                return dir?.FullName ?? throw new InvalidOperationException("LockDiscipline.sln not found");
            }
        }

        [Fact]
        public async Task PatchStory_ReportsExactlyTheExpectedLines_OnEveryRun()
        {
            var folder = Path.Combine(RepoRoot, "samples", "PatchStory");
            var expected = Directory.GetFiles(folder, "*.cs")
                .SelectMany(file => File.ReadAllLines(file).Select((text, i) => (file, line: i + 1, match: Expect.Match(text))))
                .Where(x => x.match.Success)
                .SelectMany(x => x.match.Groups["ids"].Value.Split(',').Select(id => $"{Path.GetFileName(x.file)}:{x.line}:{id.Trim()}"))
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToList();
            Assert.NotEmpty(expected);

            for (var run = 0; run < 2; run++)
            {
                var result = await CliRun.RunAsync("check", Path.Combine(folder, "PatchStory.csproj"));
                Assert.True(result.ExitCode == 1, result.ToString());
                var actual = Reported.Matches(result.Stdout)
                    .Select(m => $"{Path.GetFileName(m.Groups["path"].Value)}:{m.Groups["line"].Value}:{m.Groups["id"].Value}")
                    .OrderBy(s => s, StringComparer.Ordinal)
                    .ToList();
                Assert.Equal(expected, actual);
                Assert.DoesNotContain("06_Patched.cs", result.Stdout);
            }
        }
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Package
{
    /// <summary>
    /// The product as users meet it: the one NuGet package, referenced by an ordinary project, whose
    /// <c>dotnet build</c> then reports lock-discipline warnings.
    /// </summary>
    public class NuGetPackageTests
    {
        [Fact]
        public void PackedAnalyzers_ReportInAConsumersBuild()
        {
            var work = Directory.CreateTempSubdirectory("lockdiscipline-package-").FullName;
            try
            {
                var feed = Path.Combine(work, "feed");
                Run("dotnet", $"pack \"{Path.Combine(DirectRunner.RepoRoot, "analyzers", "LockDiscipline.Package")}\" -o \"{feed}\" -nologo", DirectRunner.RepoRoot);
                var package = Directory.GetFiles(feed, "LockDiscipline.*.nupkg").Single();
                using (var zip = ZipFile.OpenRead(package))
                {
                    var entries = zip.Entries.Select(e => e.FullName).ToList();
                    Assert.Contains("analyzers/dotnet/cs/LockDiscipline.Analyzers.dll", entries);
                    Assert.Contains("analyzers/dotnet/cs/LockDiscipline.CodeFixes.dll", entries);
                    Assert.Contains("lib/netstandard2.0/LockDiscipline.Annotations.dll", entries);
                    AssertAdoptable(zip, entries);
                }

                var consumer = Path.Combine(work, "consumer");
                Directory.CreateDirectory(consumer);
                var version = Path.GetFileNameWithoutExtension(package).Substring("LockDiscipline.".Length);
                File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <RestoreAdditionalProjectSources>{feed}</RestoreAdditionalProjectSources>
    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""LockDiscipline"" Version=""{version}"" />
  </ItemGroup>
</Project>");
                File.WriteAllText(Path.Combine(consumer, "Queue.cs"), @"
using System.Threading;
public sealed class Queue
{
    private SpinLock _spin = new SpinLock(false);
    public void Drain()
    {
        bool taken = false;
        try
        {
            _spin.Enter(ref taken);
            Thread.Sleep(1);
        }
        finally
        {
            if (taken) _spin.Exit();
        }
    }
}");
                var output = Run("dotnet", "build -nologo", consumer);
                Assert.Contains("warning LD0002", output);
                Assert.Contains("'Thread.Sleep' might sleep", output);
                Assert.DoesNotContain("LDPKG001", output); // this SDK is new enough

            }
            finally
            {
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
            }
        }

        /// <summary>What a company's review of a package looks for: the license, a README whose links resolve inside the package, every rule's page, the changelog, the oldest SDK.</summary>
        private static void AssertAdoptable(ZipArchive zip, System.Collections.Generic.List<string> entries)
        {
            var nuspec = Read(zip, "LockDiscipline.nuspec");
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.Contains("<projectUrl>https://", nuspec);
            Assert.Contains("<repository type=\"git\" url=\"https://", nuspec);
            Assert.Contains("<tags>", nuspec);
            Assert.Contains("LICENSE", entries);
            Assert.Contains("Copyright (c) 2026 LockDiscipline contributors", Read(zip, "LICENSE"));
            Assert.Contains("CHANGELOG.md", entries);
            Assert.Contains("docs/annotations.md", entries);
            Assert.Contains("## Rules", Read(zip, "docs/annotations.md"));
            Assert.Contains("build/LockDiscipline.targets", entries);
            Assert.Contains("buildTransitive/LockDiscipline.targets", entries);

            // Every rule the analyzers report has its page in the package, and the description names it.
            var rules = DirectRunner.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToList();
            Assert.NotEmpty(rules);
            foreach (var id in rules)
            {
                Assert.Contains($"docs/rules/{id}.md", entries);
                Assert.StartsWith($"# {id}", Read(zip, $"docs/rules/{id}.md"));
                Assert.Contains($"({id})", nuspec);
            }

            var readme = Read(zip, "README.md");
            foreach (var id in rules)
            {
                Assert.Contains($"| {id} |", readme);
            }

            Assert.Contains("-p:ErrorLog=out.sarif%2Cversion%3D2.1", readme);
            Assert.Contains("dotnet_diagnostic.", readme);
            Assert.Contains("8.0.100", readme);
            // A link in the README either leaves for the web or names a file that is in the package.
            foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(readme, @"\]\(([^)\s]+)\)"))
            {
                var target = link.Groups[1].Value;
                Assert.True(target.StartsWith("https://", StringComparison.Ordinal) || entries.Contains(target.TrimStart('.', '/').Split('#')[0]),
                    $"README link '{target}' does not resolve inside the package");
            }
        }

        private static string Read(ZipArchive zip, string entry)
        {
            using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
            return reader.ReadToEnd();
        }

        private static string Run(string file, string arguments, string directory)
        {
            var start = new ProcessStartInfo(file, arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["MSBUILDNOINPROCNODE"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(300_000), $"{file} {arguments} did not finish");
            var output = stdout.Result + stderr.Result;
            Assert.True(process.ExitCode == 0, $"{file} {arguments} failed:\n{output}");
            return output;
        }
    }
}

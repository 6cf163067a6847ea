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
                    AssertPrecompiled(zip, entries);
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
                // A compiler process of its own, which runs the precompiled copy's native code (the compiler server JIT-compiles it).
                var output = Run("dotnet", "build -nologo -p:UseSharedCompilation=false", consumer);
                Assert.Contains("warning LD0002", output);
                Assert.Contains("'Thread.Sleep' might sleep", output);
                Assert.DoesNotContain("LDPKG001", output); // this SDK is new enough

                // The IL-only copy, whose methods are marked to be optimized when first called, loads and reports alike.
                var ilOutput = Run("dotnet", "build -nologo --no-incremental -p:UseSharedCompilation=false -p:LockDisciplineUsePrecompiled=false", consumer);
                Assert.Contains("warning LD0002", ilOutput);
                Assert.Contains("'Thread.Sleep' might sleep", ilOutput);

                // A compiler process of its own gets the copy precompiled for its host; asked not to, the IL-only one.
                var (host, analyzers) = AnalyzersOfBuild(consumer, "-p:UseSharedCompilation=false");
                Assert.True(PrecompiledHosts.Contains(host), $"this machine's host {host} has no precompiled copy: the test cannot see the swap");
                Assert.Equal(new[] { $"precompiled/{host}/LockDiscipline.Analyzers.dll", $"precompiled/{host}/LockDiscipline.CodeFixes.dll" }, analyzers);
                var ilOnly = new[] { "analyzers/dotnet/cs/LockDiscipline.Analyzers.dll", "analyzers/dotnet/cs/LockDiscipline.CodeFixes.dll" };
                Assert.Equal(ilOnly, AnalyzersOfBuild(consumer, "-p:UseSharedCompilation=false -p:LockDisciplineUsePrecompiled=false").Analyzers);
                // The compiler server (`dotnet build`'s default), which compiles any copy from its IL, gets the IL-only one.
                Assert.Equal(ilOnly, AnalyzersOfBuild(consumer, "").Analyzers);
                Assert.Equal(ilOnly, AnalyzersOfBuild(consumer, "-p:UseSharedCompilation=true").Analyzers);
                // A platform the package has no copy for, and an SDK older than the copies' runtime, keep the IL-only copy.
                Assert.Equal(ilOnly, AnalyzersOfBuild(consumer, "-p:UseSharedCompilation=false -p:NETCoreSdkRuntimeIdentifier=win-arm64").Analyzers);
                Assert.Equal(ilOnly, AnalyzersOfBuild(consumer, "-p:UseSharedCompilation=false -p:BundledNETCoreAppTargetFrameworkVersion=9.0").Analyzers);

            }
            finally
            {
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
            }
        }

        /// <summary>The hosts the package carries ReadyToRun copies for (Precompile.targets).</summary>
        private static readonly string[] PrecompiledHosts = { "linux-x64", "linux-arm64", "linux-musl-x64", "osx-x64", "osx-arm64", "win-x64" };

        /// <summary>
        /// Each host's copy is the IL assembly itself (same identity and build) with native code beside it, its methods
        /// unmarked (crossgen2 leaves out methods marked to be optimized on first call); the default copy is IL only,
        /// with every method that has a body so marked.
        /// </summary>
        private static void AssertPrecompiled(ZipArchive zip, System.Collections.Generic.List<string> entries)
        {
            var il = Image(zip, "analyzers/dotnet/cs/LockDiscipline.Analyzers.dll");
            Assert.False(il.Native);
            Assert.True(il.Bodies > 1000, $"the analyzers have {il.Bodies} method bodies");
            Assert.Equal(il.Bodies, il.OptimizedOnFirstCall);
            foreach (var host in PrecompiledHosts)
            {
                Assert.Contains($"precompiled/{host}/LockDiscipline.CodeFixes.dll", entries);
                var image = Image(zip, $"precompiled/{host}/LockDiscipline.Analyzers.dll");
                Assert.True(image.Native, $"precompiled/{host} has no ReadyToRun code");
                Assert.Equal(il.Mvid, image.Mvid);
                Assert.Equal(il.Bodies, image.Bodies);
                Assert.Equal(0, image.OptimizedOnFirstCall);
            }

            Assert.Equal(PrecompiledHosts.Length * 2, entries.Count(e => e.StartsWith("precompiled/", StringComparison.Ordinal)));
        }

        /// <summary>
        /// An assembly's build identity, whether it carries ReadyToRun code (a managed native header), how many methods
        /// have a body, and how many of those are marked to be optimized on their first call.
        /// </summary>
        private static (Guid Mvid, bool Native, int Bodies, int OptimizedOnFirstCall) Image(ZipArchive zip, string entry)
        {
            using var copy = new MemoryStream();
            using (var stream = zip.GetEntry(entry)!.Open())
            {
                stream.CopyTo(copy);
            }

            copy.Position = 0;
            using var pe = new System.Reflection.PortableExecutable.PEReader(copy);
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            var mvid = metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
            int bodies = 0, marked = 0;
            foreach (var handle in metadata.MethodDefinitions)
            {
                var method = metadata.GetMethodDefinition(handle);
                if (method.RelativeVirtualAddress != 0)
                {
                    bodies++;
                    marked += (method.ImplAttributes & System.Reflection.MethodImplAttributes.AggressiveOptimization) != 0 ? 1 : 0;
                }
            }

            return (mvid, pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, bodies, marked);
        }

        /// <summary>The SDK's host and the LockDiscipline analyzers a consumer's build passes the compiler, relative to the package.</summary>
        private static (string Host, string[] Analyzers) AnalyzersOfBuild(string consumer, string properties)
        {
            var json = Run("dotnet", $"msbuild -nologo -t:ResolveLockFileAnalyzers -getProperty:NETCoreSdkRuntimeIdentifier -getItem:Analyzer {properties}", consumer);
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var host = document.RootElement.GetProperty("Properties").GetProperty("NETCoreSdkRuntimeIdentifier").GetString()!;
            var analyzers = document.RootElement.GetProperty("Items").GetProperty("Analyzer").EnumerateArray()
                .Select(item => item.GetProperty("FullPath").GetString()!.Replace('\\', '/'))
                .Where(path => path.Contains("/lockdiscipline/", StringComparison.OrdinalIgnoreCase))
                .Select(path => path.Substring(path.IndexOf('/', path.IndexOf("/lockdiscipline/", StringComparison.OrdinalIgnoreCase) + "/lockdiscipline/".Length) + 1))
                .ToArray();
            return (host, analyzers);
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
            // MSBuild reads the environment as properties: a machine that sets UseSharedCompilation would decide for
            // every build here which copy the compiler gets. Each build that cares says so itself.
            start.Environment.Remove("UseSharedCompilation");
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

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
            }
            finally
            {
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
            }
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

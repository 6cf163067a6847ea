using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using LockDiscipline.Analyzers;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Benchmark
{
    /// <summary>
    /// The build a user runs: the SDK's own command-line compiler (<c>csc.dll</c>, a fresh process each
    /// time, as <c>dotnet build -p:UseSharedCompilation=false</c> runs it) over the synthetic codebase
    /// written to disk, with and without <c>/analyzer:LockDiscipline.Analyzers.dll</c>, both bare and
    /// beside the analyzers and generators every .NET SDK build already loads (NetAnalyzers and the
    /// reference pack's source generators). In-process timing cannot show this: the compiler binds
    /// each method once, and the analyzer driver, fed by the compiler's own event queue, runs beside
    /// the compile on every core. CPU time is reported beside wall-clock: on a shared machine it is
    /// the steadier of the two, and it counts what the analyzers take from other work. Each analyzer's time is the compiler's own <c>/reportanalyzer</c>
    /// figure (summed over threads, waits included). A cold process also pays for JIT-compiling the
    /// analyzer; with <c>server</c> every compile goes to the compiler server (<c>/shared</c>, as
    /// <c>dotnet build</c> does by default), which keeps the analyzers loaded and JIT-compiled between
    /// builds, the steady state of a developer's edit-build loop. <c>analyzer=&lt;dll&gt;</c> measures another build of
    /// the analyzers: the package's precompiled copy for this host (<c>dotnet pack analyzers/LockDiscipline.Package</c>
    /// leaves it in that project's <c>obj/Release/netstandard2.0/precompiled/&lt;host&gt;/</c>), which is what
    /// <c>dotnet build</c> hands the compiler on .NET 10; the floor stays this benchmark's own IL build.
    /// <para>
    /// The configurations run in turn, round after round (one untimed warm-up first). Each ratio is the median,
    /// over the rounds, of that round's with ÷ without: a pair run minutes apart would carry the machine's drift
    /// (on a shared two-core machine it moves whole compiles by 2×); the range beside the key ratios shows the
    /// spread. Times are medians over the rounds.
    /// </para>
    /// </summary>
    internal static class CompilerBuild
    {
        public const int DefaultRounds = 5;

        public static bool Run(int[] sizes, double share, bool server, bool realistic = false, int rounds = DefaultRounds, string? analyzer = null)
        {
            if (analyzer is not null && !File.Exists(analyzer))
            {
                Console.WriteLine($"build mode: no such analyzer: {analyzer}");
                return false;
            }

            var ours = analyzer ?? typeof(LockFlowAnalyzer).Assembly.Location;

            var toolset = Toolset.Find();
            if (toolset is null)
            {
                Console.WriteLine("build mode: the SDK's csc.dll was not found next to the running runtime");
                return false;
            }

            var how = server ? "through the compiler server (warm)" : "a fresh csc process each (cold)";
            var shape = realistic
                ? $"the realistic codebase (one method in {RealisticCodebase.LockEvery} takes a lock, every one calls others, a third async)"
                : $"{Math.Round(share * 100)}% of methods touch a lock";
            Console.WriteLine($"LockDiscipline in the SDK's compiler ({toolset.CompilerPath}): median of {rounds} interleaved rounds, {how}, {shape}, {Environment.ProcessorCount} cores");
            Console.WriteLine($"LockDiscipline: {ours}");
            Console.WriteLine($"SDK defaults: {string.Join(", ", toolset.SdkAnalyzers.Select(Path.GetFileNameWithoutExtension))}");
            Console.WriteLine();
            Console.WriteLine("| methods | csc s | + LockDiscipline s | ratio | csc + SDK defaults s | + LockDiscipline s | marginal ratio | CPU ratio | marginal CPU ratio | floor: marginal CPU ratio | LockFlowAnalyzer s (reported) | LockAnnotationAnalyzer s (reported) |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var size in sizes)
            {
                Row(toolset, size, share, server, realistic, rounds, ours);
            }

            Console.WriteLine();
            Console.WriteLine("ratio: with ÷ without LockDiscipline, bare compiler, wall-clock. marginal ratio: the same beside the SDK's default analyzers and generators, as in a real `dotnet build`.");
            Console.WriteLine("Each ratio is the median of the rounds' own ratios (the range, min–max, in brackets); each time is the median of the rounds.");
            Console.WriteLine("CPU ratios: the same over the compiler process's CPU time (user + system), which other load on the machine disturbs less than wall-clock.");
            Console.WriteLine("floor: the same pre-filter, then only binding each body it lets through, scanning it, and building the graph of each that touches a lock (FloorAnalyzer): what any flow analysis over Roslyn's graphs pays.");
            return true;
        }

        private static void Row(Toolset toolset, int methods, double share, bool server, bool realistic, int rounds, string ours)
        {
            var directory = Path.Combine(Path.GetTempPath(), realistic ? $"lockdiscipline-bench-{methods}-realistic" : $"lockdiscipline-bench-{methods}-{share.ToString(CultureInfo.InvariantCulture)}");
            Directory.CreateDirectory(directory);
            foreach (var file in realistic ? RealisticCodebase.Generate(methods) : SyntheticCodebase.Generate(methods, share))
            {
                File.WriteAllText(Path.Combine(directory, file.Path), file.Text);
            }

            var floor = typeof(FloorAnalyzer).Assembly.Location;
            var configurations = new[]
            {
                Array.Empty<string>(),
                new[] { ours },
                toolset.SdkAnalyzers,
                toolset.SdkAnalyzers.Append(ours).ToArray(),
                // The floor's assembly needs ours beside it to load; every LockDiscipline rule is switched off,
                // so that the compiler skips our analyzers and runs only the floor.
                toolset.SdkAnalyzers.Append(floor).Append(ours).Append(OursSwitchedOff(directory)).ToArray(),
            };
            Compile(toolset, directory, configurations[3], server); // warm-up: the files, the SDK and the analyzers in the page cache
            var wall = configurations.Select(_ => new double[rounds]).ToArray();
            var cpu = configurations.Select(_ => new double[rounds]).ToArray();
            var flowReported = new double[rounds];
            var annotationsReported = new double[rounds];
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < configurations.Length; i++)
                {
                    var (seconds, cpuSeconds, output) = Compile(toolset, directory, configurations[i], server);
                    if (configurations[i].Contains(floor) && !(ReportedSeconds(output, nameof(FloorAnalyzer)) > 0))
                    {
                        // csc lists an analyzer it skipped with "<0.001": a floor that never ran would read as free.
                        throw new InvalidOperationException($"the floor analyzer did not run in csc:\n{output}");
                    }

                    wall[i][round] = seconds;
                    cpu[i][round] = cpuSeconds;
                    if (i == 3)
                    {
                        (flowReported[round], annotationsReported[round]) = (ReportedSeconds(output, nameof(LockFlowAnalyzer)), ReportedSeconds(output, nameof(LockAnnotationAnalyzer)));
                    }
                }
            }

            string Ratio(double[][] of, int with, int without, bool range = false)
            {
                var ratios = Enumerable.Range(0, rounds).Select(r => of[with][r] / of[without][r]).ToArray();
                var median = Median(ratios).ToString("F3", CultureInfo.InvariantCulture);
                return range ? $"{median} ({ratios.Min().ToString("F2", CultureInfo.InvariantCulture)}–{ratios.Max().ToString("F2", CultureInfo.InvariantCulture)})" : median;
            }

            // Through the server the compiling happens in VBCSCompiler, not in the process we start.
            string CpuRatio(int with, int without, bool range = false) => server ? "n/a" : Ratio(cpu, with, without, range);

            Console.WriteLine($"| {methods} | {Median(wall[0]):F2} | {Median(wall[1]):F2} | {Ratio(wall, 1, 0)} | {Median(wall[2]):F2} | {Median(wall[3]):F2} | {Ratio(wall, 3, 2)} | {CpuRatio(1, 0)} | {CpuRatio(3, 2, range: true)} | {CpuRatio(4, 2, range: true)} | {Median(flowReported):F2} | {Median(annotationsReported):F2} |");
        }

        private static double Median(double[] values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        /// <summary>A global analyzer config (passed like an analyzer path) that turns every LockDiscipline rule off.</summary>
        private static string OursSwitchedOff(string directory)
        {
            var ids = new DiagnosticAnalyzer[] { new LockFlowAnalyzer(), new LockAnnotationAnalyzer() }
                .SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal);
            var path = Path.Combine(directory, "lockdiscipline-off.globalconfig");
            File.WriteAllLines(path, new[] { "is_global = true" }.Concat(ids.Select(id => $"dotnet_diagnostic.{id}.severity = none")));
            return path;
        }

        private static (double Seconds, double CpuSeconds, string Output) Compile(Toolset toolset, string directory, string[] analyzers, bool server)
        {
            var arguments = new StringBuilder();
            arguments.AppendLine("/nologo /target:library /optimize+ /deterministic /nullable:enable /langversion:latest /reportanalyzer");
            arguments.AppendLine($"/out:\"{Path.Combine(directory, "Synthetic.dll")}\"");
            foreach (var reference in Program.ReferencePaths.Value)
            {
                arguments.AppendLine($"/reference:\"{reference}\"");
            }

            foreach (var analyzer in analyzers)
            {
                arguments.AppendLine(analyzer.EndsWith(".globalconfig", StringComparison.Ordinal) ? $"/analyzerconfig:\"{analyzer}\"" : $"/analyzer:\"{analyzer}\"");
            }

            arguments.AppendLine($"\"{Path.Combine(directory, "*.cs")}\"");
            var responseFile = Path.Combine(directory, "csc.rsp");
            File.WriteAllText(responseFile, arguments.ToString());

            var shared = server ? "/shared " : "";
            var start = new ProcessStartInfo(toolset.DotnetPath, $"\"{toolset.CompilerPath}\" {shared}@\"{responseFile}\"")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var stopwatch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();

            // On Linux a process's CPU time can no longer be read once it has exited: sample it while it runs.
            var cpu = TimeSpan.Zero;
            while (!process.WaitForExit(20))
            {
                try
                {
                    cpu = process.TotalProcessorTime;
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // it exited between the wait and the read: the last sample stands
                }
            }

            var seconds = stopwatch.Elapsed.TotalSeconds;
            try
            {
                cpu = process.TotalProcessorTime; // Windows keeps it after exit
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }

            var output = stdout.Result;
            output += stderr.Result;
            if (process.ExitCode != 0 || Regex.IsMatch(output, @"(error|warning) (CS\d+|LD\d+|AD0001)"))
            {
                throw new InvalidOperationException($"the synthetic code is correct and compiles cleanly, but csc said:\n{output}");
            }

            return (seconds, cpu.TotalSeconds, output);
        }

        /// <summary>An analyzer's line in csc's <c>/reportanalyzer</c> table: "  10.581   79      Namespace.Name (IDs)".</summary>
        private static double ReportedSeconds(string output, string analyzer)
        {
            var match = Regex.Match(output, @"^\s*(?<seconds>[\d.,]+)\s+\d+\s+\S*\." + analyzer + @"\b", RegexOptions.Multiline);
            return match.Success && double.TryParse(match.Groups["seconds"].Value.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
        }

        private sealed class Toolset
        {
            public string DotnetPath { get; private set; } = "";

            public string CompilerPath { get; private set; } = "";

            public string[] SdkAnalyzers { get; private set; } = Array.Empty<string>();

            /// <summary>The newest SDK and reference pack beside the runtime this benchmark runs on.</summary>
            public static Toolset? Find()
            {
                var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
                var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
                var dotnet = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
                var sdk = Newest(Path.Combine(root, "sdk"), d => File.Exists(Path.Combine(d, "Roslyn", "bincore", "csc.dll")));
                if (sdk is null || !File.Exists(dotnet))
                {
                    return null;
                }

                var analyzers = new List<string>();
                var netAnalyzers = Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers");
                analyzers.AddRange(new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" }
                    .Select(name => Path.Combine(netAnalyzers, name)).Where(File.Exists));
                var pack = Newest(Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref"), d => Directory.Exists(Path.Combine(d, "analyzers", "dotnet", "cs")));
                if (pack is not null)
                {
                    analyzers.AddRange(Directory.GetFiles(Path.Combine(pack, "analyzers", "dotnet", "cs"), "*.dll").OrderBy(p => p, StringComparer.Ordinal));
                }

                return new Toolset
                {
                    DotnetPath = dotnet,
                    CompilerPath = Path.Combine(sdk, "Roslyn", "bincore", "csc.dll"),
                    SdkAnalyzers = analyzers.ToArray(),
                };
            }

            private static string? Newest(string parent, Func<string, bool> usable) =>
                Directory.Exists(parent)
                    ? Directory.GetDirectories(parent)
                        .Where(usable)
                        .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
                        .FirstOrDefault()
                    : null;
        }
    }
}

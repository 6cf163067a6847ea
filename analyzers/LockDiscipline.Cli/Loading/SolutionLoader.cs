using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace LockDiscipline.Cli.Loading
{
    /// <summary>The solution as MSBuild sees it, and what did not load.</summary>
    public sealed class LoadedSolution : IDisposable
    {
        private readonly Workspace _workspace;

        internal LoadedSolution(Workspace workspace, Solution solution, IReadOnlyList<string> errors)
        {
            _workspace = workspace;
            Solution = solution;
            Errors = errors;
        }

        public Solution Solution { get; }

        /// <summary>Load failures: a project that did not load, a restore that failed.</summary>
        public IReadOnlyList<string> Errors { get; }

        public void Dispose() => _workspace.Dispose();
    }

    /// <summary>Opens solutions and projects with MSBuildWorkspace, MSBuild found by the locator in the .NET SDK.</summary>
    public static class SolutionLoader
    {
        private static readonly object Gate = new object();
        private static string? _dotnet;

        /// <summary>Finds MSBuild (once per process); must run before any MSBuild type is touched.</summary>
        public static void EnsureMSBuild()
        {
            lock (Gate)
            {
                if (MSBuildLocator.IsRegistered)
                {
                    return;
                }

                var instance = MSBuildLocator.QueryVisualStudioInstances()
                    .OrderByDescending(i => i.Version)
                    .FirstOrDefault()
                    ?? throw new UsageException("No .NET SDK found to load projects with: install the .NET SDK (8.0.100 or later) and make sure 'dotnet' is on PATH");
                MSBuildLocator.RegisterInstance(instance);
                var root = Path.GetFullPath(Path.Combine(instance.MSBuildPath, "..", ".."));
                var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
                _dotnet = File.Exists(host) ? host : "dotnet";
            }
        }

        public static Task<LoadedSolution> LoadAsync(Input input, bool restore, bool verbose, IReadOnlyDictionary<string, string> properties,
            TextWriter progress, CancellationToken cancellationToken)
        {
            EnsureMSBuild();
            return LoadCoreAsync(input, restore, verbose, properties, progress, cancellationToken);
        }

        // Kept apart from EnsureMSBuild so that MSBuildWorkspace (and through it MSBuild) is only
        // resolved once the locator has registered the SDK's MSBuild.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task<LoadedSolution> LoadCoreAsync(Input input, bool restore, bool verbose, IReadOnlyDictionary<string, string> properties,
            TextWriter progress, CancellationToken cancellationToken)
        {
            var errors = new List<string>();
            if (restore)
            {
                foreach (var file in input.Files)
                {
                    progress.WriteLine($"Restoring {file}");
                    var failure = await RestoreAsync(file, properties, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        errors.Add($"restore of '{file}' failed:\n{failure}");
                    }
                }
            }

            var workspace = MSBuildWorkspace.Create(properties.ToDictionary(p => p.Key, p => p.Value));
            workspace.LoadMetadataForReferencedProjects = false;
            workspace.SkipUnrecognizedProjects = true;
            workspace.WorkspaceFailed += (_, e) =>
            {
                if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure && NotCSharp(e.Diagnostic.Message) is { } other)
                {
                    // An F# or VB project in the solution: nothing for C# analyzers to check, not a load error.
                    progress.WriteLine($"Skipping {other} (not a C# project)");
                }
                else if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
                {
                    lock (errors)
                    {
                        errors.Add(e.Diagnostic.Message);
                    }
                }
                else if (verbose)
                {
                    progress.WriteLine("  " + e.Diagnostic.Message);
                }
            };

            try
            {
                if (input.Solution is not null)
                {
                    progress.WriteLine($"Loading {input.Solution}");
                    await workspace.OpenSolutionAsync(input.Solution, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    foreach (var project in input.Projects)
                    {
                        if (workspace.CurrentSolution.Projects.Any(p => SamePath(p.FilePath, project)))
                        {
                            continue; // already loaded as another project's reference
                        }

                        progress.WriteLine($"Loading {project}");
                        try
                        {
                            await workspace.OpenProjectAsync(project, cancellationToken: cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
                        {
                            errors.Add($"'{project}' did not load: {e.Message}");
                        }
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
            {
                errors.Add($"'{input.Solution}' did not load: {e.Message}");
            }

            return new LoadedSolution(workspace, workspace.CurrentSolution, errors);
        }

        /// <summary>The project a load failure names when that project is not C# (.fsproj, .vbproj, …), else null.</summary>
        private static string? NotCSharp(string message)
        {
            var match = System.Text.RegularExpressions.Regex.Match(message, @"'([^']+\.([A-Za-z]+proj))'");
            return match.Success && !match.Groups[2].Value.Equals("csproj", StringComparison.OrdinalIgnoreCase) ? match.Groups[1].Value : null;
        }

        private static bool SamePath(string? a, string b) =>
            a is not null && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        /// <summary>Runs <c>dotnet restore</c>; null on success, else what it printed.</summary>
        private static async Task<string?> RestoreAsync(string file, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(_dotnet ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(file)!,
            };
            start.ArgumentList.Add("restore");
            start.ArgumentList.Add(file);
            start.ArgumentList.Add("-nologo");
            start.ArgumentList.Add("-v:q");
            foreach (var (name, value) in properties)
            {
                start.ArgumentList.Add($"-p:{name}={value}");
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
            return process.ExitCode == 0 ? null : output.Trim();
        }
    }
}

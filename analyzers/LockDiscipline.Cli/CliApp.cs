using System.Collections.Generic;
using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers;
using LockDiscipline.Cli.Analysis;
using LockDiscipline.Cli.Graphing;
using LockDiscipline.Cli.Loading;
using LockDiscipline.Cli.Reporting;
using LockDiscipline.Cli.Rules;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Cli
{
    /// <summary>The <c>lockdiscipline</c> command line. Exit codes: 0 clean, 1 diagnostics at or above <c>--fail-on</c>, 2 bad input or a load error.</summary>
    public static class CliApp
    {
        public const int Clean = 0;
        public const int Findings = 1;
        public const int UsageOrLoadError = 2;

        public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        {
            var root = Build(stdout, stderr);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    stderr.WriteLine($"error: {error.Message}");
                }

                stderr.WriteLine("Run 'lockdiscipline --help' for usage.");
                return UsageOrLoadError;
            }

            try
            {
                return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
            }
            catch (UsageException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return UsageOrLoadError;
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine("error: cancelled");
                return UsageOrLoadError;
            }
            catch (Exception e)
            {
                // Never a stack trace: say what failed, and where to report it.
                stderr.WriteLine($"error: {e.GetType().Name}: {e.Message}");
                stderr.WriteLine("This is a bug in lockdiscipline; please report it with the command line that caused it.");
                return UsageOrLoadError;
            }
        }

        private static RootCommand Build(TextWriter stdout, TextWriter stderr)
        {
            var root = new RootCommand("Checks lock discipline in C# solutions with the LockDiscipline analyzers.");
            root.Subcommands.Add(CheckCommand(stdout, stderr));
            root.Subcommands.Add(GraphCommand(stdout, stderr));
            root.Subcommands.Add(ExplainCommand(stdout, stderr));
            return root;
        }

        private static Argument<string> PathArgument() => new Argument<string>("path")
        {
            Description = "A solution (.sln), a C# project (.csproj), or a folder holding one solution or some projects",
        };

        private static Option<bool> NoRestoreOption() => new Option<bool>("--no-restore")
        {
            Description = "Do not run 'dotnet restore' before loading (the projects must be restored already)",
        };

        private static Option<string[]> PropertyOption() => new Option<string[]>("--property", "-p")
        {
            Description = "An MSBuild property for loading (and restoring) the projects, as name=value; repeatable (-p:TargetFramework=net8.0 picks one target framework of a multi-targeted project)",
            HelpName = "name=value",
            AllowMultipleArgumentsPerToken = false,
        };

        /// <summary>The <c>--property</c> values as MSBuild global properties; a value without '=' is a usage error.</summary>
        private static Dictionary<string, string> Properties(string[]? values)
        {
            var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var value in values ?? Array.Empty<string>())
            {
                foreach (var pair in value.Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = pair.IndexOf('=');
                    if (equals <= 0)
                    {
                        throw new UsageException($"--property '{pair}' is not name=value");
                    }

                    properties[pair.Substring(0, equals).Trim()] = pair.Substring(equals + 1).Trim();
                }
            }

            return properties;
        }

        private static Option<bool> VerboseOption() => new Option<bool>("--verbose", "-v")
        {
            Description = "Print MSBuild's load warnings on stderr",
        };

        private static Command CheckCommand(TextWriter stdout, TextWriter stderr)
        {
            var path = PathArgument();
            var sarif = new Option<FileInfo?>("--sarif") { Description = "Also write the diagnostics as a SARIF 2.1.0 log to this file", HelpName = "file" };
            var failOn = new Option<string>("--fail-on")
            {
                Description = "Exit with 1 when a diagnostic of this severity or above is reported",
                DefaultValueFactory = _ => "warning",
            };
            failOn.AcceptOnlyFromAmong("error", "warning", "info", "never");
            var noRestore = NoRestoreOption();
            var verbose = VerboseOption();
            var property = PropertyOption();
            var command = new Command("check", "Runs every LockDiscipline analyzer over every project, editing nothing, and prints the diagnostics as 'dotnet build' does")
            {
                path, sarif, failOn, noRestore, verbose, property,
            };
            command.SetAction(async (parse, cancellationToken) =>
            {
                var input = Input.Resolve(parse.GetValue(path)!);
                using var loaded = await SolutionLoader.LoadAsync(input, !parse.GetValue(noRestore), parse.GetValue(verbose), Properties(parse.GetValue(property)), stderr, cancellationToken).ConfigureAwait(false);
                var report = await SolutionAnalysis.RunAsync(loaded.Solution, stderr, cancellationToken).ConfigureAwait(false);
                var baseDirectory = Directory.GetCurrentDirectory();
                BuildStyleReporter.Write(report, stdout, baseDirectory);

                var all = report.All.ToList();
                int Of(DiagnosticSeverity s) => all.Count(d => d.Severity == s);
                stdout.WriteLine(
                    $"LockDiscipline: {BuildStyleReporter.Count(report.Projects.Count, "project")} checked, " +
                    $"{BuildStyleReporter.Count(Of(DiagnosticSeverity.Error), "error")}, {BuildStyleReporter.Count(Of(DiagnosticSeverity.Warning), "warning")}, " +
                    $"{BuildStyleReporter.Count(Of(DiagnosticSeverity.Info), "message")}" +
                    (loaded.Errors.Count > 0 ? $"; {BuildStyleReporter.Count(loaded.Errors.Count, "load error")}" : ""));

                if (parse.GetValue(sarif) is { } sarifFile)
                {
                    try
                    {
                        using var stream = File.Create(sarifFile.FullName);
                        SarifWriter.Write(stream, LockDisciplineRunner.Analyzers.SelectMany(a => a.SupportedDiagnostics), all, input.SourceRoot, loaded.Errors);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new UsageException($"cannot write '{sarifFile.FullName}': {e.Message}");
                    }

                    stderr.WriteLine($"SARIF written to {sarifFile.FullName}");
                }

                foreach (var error in loaded.Errors)
                {
                    stderr.WriteLine($"error: {error}");
                }

                if (loaded.Errors.Count > 0)
                {
                    return UsageOrLoadError;
                }

                var threshold = parse.GetValue(failOn) switch
                {
                    "error" => DiagnosticSeverity.Error,
                    "info" => DiagnosticSeverity.Info,
                    "never" => (DiagnosticSeverity?)null,
                    _ => DiagnosticSeverity.Warning,
                };
                return threshold is { } t && all.Any(d => d.Severity >= t) ? Findings : Clean;
            });
            return command;
        }

        private static Command GraphCommand(TextWriter stdout, TextWriter stderr)
        {
            var path = PathArgument();
            var output = new Option<FileInfo?>("--output", "-o") { Description = "The file to write; without it, html goes to lock-order.html and the text formats to stdout", HelpName = "file" };
            var format = new Option<string?>("--format", "-f") { Description = "html (default), svg, dot or mermaid; without it, taken from the output file's extension" };
            format.AcceptOnlyFromAmong(GraphOutput.Formats);
            var isolated = new Option<bool>("--isolated") { Description = "Also draw lock classes that are ordered against no other" };
            var exclude = new Option<string[]>("--exclude") { Description = "Leave out a lock class, by its short (AddressSpace.ISharedLock) or qualified name; repeatable", HelpName = "lock class" };
            var noRestore = NoRestoreOption();
            var verbose = VerboseOption();
            var property = PropertyOption();
            var command = new Command("graph", "Draws the lock order the analysis saw: lock classes (spin or blocking), declared and observed edges with their sites, edges on a cycle (a possible deadlock) in red")
            {
                path, output, format, isolated, exclude, noRestore, verbose, property,
            };
            command.SetAction(async (parse, cancellationToken) =>
            {
                var file = parse.GetValue(output);
                var chosen = GraphOutput.ChooseFormat(parse.GetValue(format), file?.FullName);
                var input = Input.Resolve(parse.GetValue(path)!);
                using var loaded = await SolutionLoader.LoadAsync(input, !parse.GetValue(noRestore), parse.GetValue(verbose), Properties(parse.GetValue(property)), stderr, cancellationToken).ConfigureAwait(false);
                var report = await SolutionAnalysis.RunAsync(loaded.Solution, stderr, cancellationToken).ConfigureAwait(false);
                var graph = LockGraphBuilder.From(report.Results, parse.GetValue(isolated), parse.GetValue(exclude));
                var title = "Lock order of " + Path.GetFileNameWithoutExtension(input.Solution ?? input.Projects[0]);
                var text = GraphOutput.Render(graph, chosen, title);
                if (file is null && chosen is "html")
                {
                    file = new FileInfo("lock-order.html");
                }

                if (file is null)
                {
                    stdout.Write(text);
                }
                else
                {
                    try
                    {
                        File.WriteAllText(file.FullName, text);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new UsageException($"cannot write '{file.FullName}': {e.Message}");
                    }

                    stderr.WriteLine($"Lock order ({graph.Nodes.Count} lock classes, {graph.Edges.Count} edges) written to {file.FullName}");
                }

                foreach (var error in loaded.Errors)
                {
                    stderr.WriteLine($"error: {error}");
                }

                return loaded.Errors.Count > 0 ? UsageOrLoadError : Clean;
            });
            return command;
        }

        private static Command ExplainCommand(TextWriter stdout, TextWriter stderr)
        {
            var id = new Argument<string?>("rule") { Description = "A rule ID (LD0001); with none, the rules are listed", Arity = ArgumentArity.ZeroOrOne };
            var command = new Command("explain", "Prints a rule's page: what it reports, why, an example, the fix, how to suppress it") { id };
            command.SetAction(parse =>
            {
                var text = parse.GetValue(id);
                if (string.IsNullOrWhiteSpace(text))
                {
                    foreach (var rule in RulePages.Ids)
                    {
                        stdout.WriteLine($"{rule}  {RulePages.Title(rule)}");
                    }

                    return Clean;
                }

                if (RulePages.Normalize(text) is not { } known)
                {
                    stderr.WriteLine($"error: no rule '{text}'. The rules are {string.Join(", ", RulePages.Ids)}.");
                    return UsageOrLoadError;
                }

                stdout.Write(RulePages.Read(known));
                return Clean;
            });
            return command;
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LockDiscipline.Cli.Loading
{
    /// <summary>What the user pointed at: a solution, one project, or a folder holding either.</summary>
    public sealed class Input
    {
        private Input(string? solution, IReadOnlyList<string> projects, string root)
        {
            Solution = solution;
            Projects = projects;
            Root = root;
        }

        /// <summary>The <c>.sln</c> to open, or null.</summary>
        public string? Solution { get; }

        /// <summary>The project files to open when there is no solution.</summary>
        public IReadOnlyList<string> Projects { get; }

        /// <summary>The folder the user pointed at, or that holds the solution or project.</summary>
        public string Root { get; }

        /// <summary>
        /// The folder that SARIF's relative paths start from: the current directory when the input is
        /// under it (a CI job runs from the repository's root), else <see cref="Root"/>.
        /// </summary>
        public string SourceRoot
        {
            get
            {
                var current = Path.GetFullPath(Directory.GetCurrentDirectory());
                var relative = Path.GetRelativePath(current, Root);
                return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Root : current;
            }
        }

        /// <summary>The files restore runs on.</summary>
        public IEnumerable<string> Files => Solution is null ? Projects : new[] { Solution };

        /// <summary>Resolves <paramref name="path"/>, or explains why it cannot be checked.</summary>
        public static Input Resolve(string path)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                return Path.GetExtension(full).ToLowerInvariant() switch
                {
                    ".sln" => new Input(full, Array.Empty<string>(), Path.GetDirectoryName(full)!),
                    ".csproj" => new Input(null, new[] { full }, Path.GetDirectoryName(full)!),
                    ".slnx" => throw new UsageException($"'{path}' is an .slnx solution, which this version cannot open: point at a .sln, a .csproj, or a folder of projects"),
                    _ => throw new UsageException($"'{path}' is not a solution (.sln) or a C# project (.csproj)"),
                };
            }

            if (!Directory.Exists(full))
            {
                throw new UsageException($"'{path}' does not exist");
            }

            var solutions = Directory.GetFiles(full, "*.sln");
            if (solutions.Length == 1)
            {
                return new Input(solutions[0], Array.Empty<string>(), full);
            }

            if (solutions.Length > 1)
            {
                throw new UsageException($"'{path}' holds several solutions ({string.Join(", ", solutions.Select(Path.GetFileName))}): name one");
            }

            var projects = Directory.EnumerateFiles(full, "*.csproj", SearchOption.AllDirectories)
                .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git"))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
            if (projects.Count == 0)
            {
                throw new UsageException($"'{path}' holds no solution (.sln) and no C# project (.csproj)");
            }

            return new Input(null, projects, full);
        }
    }

    /// <summary>Bad input from the user: the message is printed, without a stack trace, and the exit code is 2.</summary>
    public sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }
}

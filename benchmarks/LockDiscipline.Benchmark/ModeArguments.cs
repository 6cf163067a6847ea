using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LockDiscipline.Benchmark
{
    /// <summary>What the modes that work on a build's own compilation (<c>alone</c>, <c>flow</c>) read from their arguments.</summary>
    internal static class ModeArguments
    {
        /// <summary>The response file and working directory given to a mode, or null when there is none (said on stderr).</summary>
        internal static (string Rsp, string WorkDir)? ResponseFileOf(IReadOnlyList<string> args, string mode)
        {
            var positional = args.Where(a => !a.Contains('=')).ToList();
            if (positional.Count == 0 || !File.Exists(positional[0]))
            {
                Console.Error.WriteLine($"{mode}: give the csc.rsp of a build (and its working directory if paths in it are relative)");
                return null;
            }

            var rsp = Path.GetFullPath(positional[0]);
            return (rsp, positional.Count > 1 ? Path.GetFullPath(positional[1]) : Path.GetDirectoryName(rsp)!);
        }

        /// <summary>The value of a <c>name=value</c> argument, or null.</summary>
        internal static string? Option(IReadOnlyList<string> args, string name) =>
            args.Where(a => a.StartsWith(name + "=", StringComparison.Ordinal)).Select(a => a.Substring(name.Length + 1)).FirstOrDefault();

        /// <summary>The compilation a response file describes: its sources, references and options, without its analyzers or outputs.</summary>
        internal static CSharpCompilation CompilationOf(string rsp, string workDir)
        {
            var arguments = File.ReadAllLines(rsp)
                .SelectMany(line => CommandLineParser.SplitCommandLineIntoArguments(line, removeHashComments: true))
                .Where(a => !a.StartsWith("/analyzer", StringComparison.Ordinal) && !a.StartsWith("/out:", StringComparison.Ordinal)
                    && !a.StartsWith("/generatedfilesout", StringComparison.Ordinal))
                .ToArray();
            var parsed = CSharpCommandLineParser.Default.Parse(arguments, workDir, sdkDirectory: null);
            var trees = parsed.SourceFiles.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f.Path), System.Text.Encoding.UTF8), parsed.ParseOptions, f.Path));
            var references = parsed.MetadataReferences
                .Select(r => Path.IsPathRooted(r.Reference) ? r.Reference : Path.Combine(workDir, r.Reference))
                .Where(File.Exists)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
            return CSharpCompilation.Create(Path.GetFileNameWithoutExtension(parsed.OutputFileName ?? "alone"), trees, references, parsed.CompilationOptions);
        }
    }
}

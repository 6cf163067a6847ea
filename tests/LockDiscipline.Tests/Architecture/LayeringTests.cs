using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LockDiscipline.Tests.Architecture
{
    /// <summary>
    /// The engine's folders form a stack, each using only those below it: operation sites and lock
    /// expressions at the bottom, then the annotation model and the declared order, the lattice, the
    /// flow analysis, the summaries (verdicts, never diagnostics), the rules (the only place a
    /// Diagnostic is made), and the analyzers themselves at the top.
    /// </summary>
    public class LayeringTests
    {
        /// <summary>Bottom first. Folders on one line are one layer: neither may use the other.</summary>
        private static readonly string[][] Layers =
        {
            new[] { "Sites" },
            new[] { "LockExpressions" },
            new[] { "Annotations" },
            new[] { "Ordering" },
            new[] { "Lattice" },
            new[] { "Prefilter", "Flow" },
            new[] { "Summaries" },
            new[] { "Rules" },
            new[] { "" }, // the analyzers and the runner, at the project's root
        };

        private static string AnalyzerRoot => Path.Combine(DirectRunner.RepoRoot, "analyzers", "LockDiscipline.Analyzers");

        private static int LayerOf(string folder) => Array.FindIndex(Layers, layer => layer.Contains(folder));

        /// <summary>The engine's sources; the compiler polyfill that netstandard2.0 needs for init accessors stands outside the stack.</summary>
        public static IEnumerable<object[]> SourceFiles() =>
            Directory.EnumerateFiles(AnalyzerRoot, "*.cs", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) != "IsExternalInit.cs")
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                .Select(f => new object[] { Path.GetRelativePath(AnalyzerRoot, f).Replace('\\', '/') })
                .OrderBy(f => (string)f[0], StringComparer.Ordinal);

        private static string FolderOf(string relativePath) => relativePath.Contains('/') ? relativePath.Substring(0, relativePath.IndexOf('/')) : "";

        [Theory]
        [MemberData(nameof(SourceFiles))]
        public void EachFile_UsesOnlyLayersBelowItsOwn(string relativePath)
        {
            var folder = FolderOf(relativePath);
            var own = LayerOf(folder);
            Assert.True(own >= 0, $"{relativePath}: the folder '{folder}' is not in the layer list; place it in the stack");

            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(AnalyzerRoot, relativePath)));
            var root = tree.GetCompilationUnitRoot();
            var upward = new List<string>();
            foreach (var referenced in ReferencedFolders(root))
            {
                var layer = LayerOf(referenced);
                if (layer >= 0 && referenced != folder && layer >= own)
                {
                    upward.Add(referenced);
                }
            }

            Assert.True(upward.Count == 0, $"{relativePath} (layer '{folder}') uses {string.Join(", ", upward.Distinct())}, which is not below it");
        }

        [Theory]
        [MemberData(nameof(SourceFiles))]
        public void EachFile_IsInTheNamespaceOfItsFolder(string relativePath)
        {
            var folder = FolderOf(relativePath);
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(AnalyzerRoot, relativePath)));
            var expected = folder.Length == 0 ? "LockDiscipline.Analyzers" : "LockDiscipline.Analyzers." + folder;
            var declared = tree.GetCompilationUnitRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Select(n => n.Name.ToString()).ToList();
            Assert.All(declared, name => Assert.Equal(expected, name));
        }

        [Theory]
        [MemberData(nameof(SourceFiles))]
        public void OnlyRules_CreateDiagnostics(string relativePath)
        {
            if (FolderOf(relativePath) == "Rules")
            {
                return;
            }

            var text = File.ReadAllText(Path.Combine(AnalyzerRoot, relativePath));
            var root = CSharpSyntaxTree.ParseText(text).GetCompilationUnitRoot();
            var creates = root.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Select(i => i.Expression.ToString())
                .Where(e => e is "Diagnostic.Create" or "context.ReportDiagnostic" || e.EndsWith(".ReportDiagnostic", StringComparison.Ordinal))
                .ToList();
            var descriptors = root.DescendantNodes().OfType<ObjectCreationExpressionSyntax>().Where(o => o.Type.ToString() == "DiagnosticDescriptor").ToList();
            Assert.True(creates.Count == 0 && descriptors.Count == 0, $"{relativePath} makes or reports diagnostics itself ({string.Join(", ", creates)}); that is the rules' job");
        }

        [Fact]
        public void TheLayerTest_SeesAnUpwardReference()
        {
            var root = CSharpSyntaxTree.ParseText("using LockDiscipline.Analyzers.Rules; namespace LockDiscipline.Analyzers.Lattice { class C { object o = Flow.SiteLocations.X; } }").GetCompilationUnitRoot();
            Assert.Equal(new[] { "Flow", "Rules" }, ReferencedFolders(root).Distinct().OrderBy(f => f, StringComparer.Ordinal));
        }

        /// <summary>The engine folders a file names: in using directives, and as the first part of a qualified name (<c>Flow.SiteLocations</c>).</summary>
        private static IEnumerable<string> ReferencedFolders(CompilationUnitSyntax root)
        {
            const string prefix = "LockDiscipline.Analyzers.";
            foreach (var name in root.DescendantNodes().OfType<UsingDirectiveSyntax>().Select(u => u.Name?.ToString() ?? ""))
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    yield return name.Substring(prefix.Length).Split('.')[0];
                }
            }

            var folders = Layers.SelectMany(l => l).Where(f => f.Length > 0).ToHashSet();
            foreach (var token in root.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && folders.Contains(token.ValueText)
                    && token.GetNextToken().IsKind(SyntaxKind.DotToken)
                    && token.Parent?.Parent is MemberAccessExpressionSyntax or QualifiedNameSyntax
                    && token.Parent.Parent.Parent is not NamespaceDeclarationSyntax and not FileScopedNamespaceDeclarationSyntax and not UsingDirectiveSyntax)
                {
                    yield return token.ValueText;
                }
            }
        }
    }
}

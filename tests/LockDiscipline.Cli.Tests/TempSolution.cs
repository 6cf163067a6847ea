using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace LockDiscipline.Cli.Tests
{
    /// <summary>A folder of small SDK projects written by a test, with a hand-written .sln (the SDK's own 'dotnet new sln' writes .slnx).</summary>
    public sealed class TempSolution : IDisposable
    {
        private readonly List<(string Name, Guid Id)> _projects = new List<(string, Guid)>();

        public TempSolution(string prefix)
        {
            Root = Directory.CreateTempSubdirectory("lockdiscipline-cli-" + prefix + "-").FullName;
        }

        public string Root { get; }

        public string SolutionPath => Path.Combine(Root, "Test.sln");

        public string ProjectPath(string name) => Path.Combine(Root, name, name + ".csproj");

        public string FilePath(string project, string file) => Path.Combine(Root, project, file);

        /// <summary>Adds a net10.0 class library with these files and project references.</summary>
        public TempSolution Project(string name, IEnumerable<string> references, params (string File, string Text)[] files)
        {
            var folder = Path.Combine(Root, name);
            Directory.CreateDirectory(folder);
            var refs = string.Concat(references.Select(r => $"    <ProjectReference Include=\"..\\{r}\\{r}.csproj\" />\n"));
            File.WriteAllText(ProjectPath(name), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
{refs}  </ItemGroup>
</Project>
");
            foreach (var (file, text) in files)
            {
                File.WriteAllText(Path.Combine(folder, file), text);
            }

            _projects.Add((name, Guid.NewGuid()));
            return this;
        }

        public TempSolution WithFile(string relativePath, string text)
        {
            File.WriteAllText(Path.Combine(Root, relativePath), text);
            return this;
        }

        /// <summary>Writes Test.sln listing every project added.</summary>
        public string WriteSolution()
        {
            var sln = new StringBuilder();
            sln.AppendLine("Microsoft Visual Studio Solution File, Format Version 12.00");
            sln.AppendLine("# Visual Studio Version 17");
            foreach (var (name, id) in _projects)
            {
                sln.AppendLine($"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{name}\", \"{name}\\{name}.csproj\", \"{{{id.ToString().ToUpperInvariant()}}}\"");
                sln.AppendLine("EndProject");
            }

            sln.AppendLine("Global");
            sln.AppendLine("\tGlobalSection(SolutionConfigurationPlatforms) = preSolution");
            sln.AppendLine("\t\tDebug|Any CPU = Debug|Any CPU");
            sln.AppendLine("\tEndGlobalSection");
            sln.AppendLine("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution");
            foreach (var (_, id) in _projects)
            {
                var g = "{" + id.ToString().ToUpperInvariant() + "}";
                sln.AppendLine($"\t\t{g}.Debug|Any CPU.ActiveCfg = Debug|Any CPU");
                sln.AppendLine($"\t\t{g}.Debug|Any CPU.Build.0 = Debug|Any CPU");
            }

            sln.AppendLine("\tEndGlobalSection");
            sln.AppendLine("EndGlobal");
            File.WriteAllText(SolutionPath, sln.ToString());
            return SolutionPath;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

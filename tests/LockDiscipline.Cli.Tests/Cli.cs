using System.IO;
using System.Threading.Tasks;

namespace LockDiscipline.Cli.Tests
{
    /// <summary>The command line run in this process, its output captured.</summary>
    public sealed class CliRun
    {
        public int ExitCode { get; private init; }
        public string Stdout { get; private init; } = "";
        public string Stderr { get; private init; } = "";

        public static async Task<CliRun> RunAsync(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await CliApp.RunAsync(args, stdout, stderr);
            return new CliRun { ExitCode = code, Stdout = stdout.ToString(), Stderr = stderr.ToString() };
        }

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }
}

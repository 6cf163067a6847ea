using System;
using System.Threading;
using System.Threading.Tasks;

namespace LockDiscipline.Cli
{
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            return await CliApp.RunAsync(args, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
        }
    }
}

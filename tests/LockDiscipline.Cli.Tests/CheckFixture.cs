using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace LockDiscipline.Cli.Tests
{
    /// <summary>
    /// Two projects, loaded and checked once for all the tests that read the result (MSBuild loads are
    /// slow): <c>Locks</c> takes A then B, <c>User</c> (which references it) takes B then A — an ABBA
    /// deadlock whose halves are in two projects — and <c>Locks</c> also leaks a lock on an early return (LD0004).
    /// </summary>
    public sealed class CheckFixture : IAsyncLifetime
    {
        public const string LocksSource = @"using System.Threading;

namespace Shared
{
    public static class Locks
    {
        public static readonly object A = new object();
        public static readonly object B = new object();

        public static void TakeAThenB()
        {
            lock (A)
            {
                lock (B)
                {
                }
            }
        }

        public static void Leak(bool early)
        {
            Monitor.Enter(A);
            if (early)
            {
                return;
            }

            Monitor.Exit(A);
        }
    }
}
";

        public const string UserSource = @"using Shared;

namespace App
{
    public static class User
    {
        public static void TakeBThenA()
        {
            lock (Locks.B)
            {
                lock (Locks.A)
                {
                }
            }
        }
    }
}
";

        public TempSolution Solution { get; } = new TempSolution("check");

        public CliRun Check { get; private set; } = null!;

        public string SarifPath => Path.Combine(Solution.Root, "out.sarif");

        public async Task InitializeAsync()
        {
            Solution
                .Project("Locks", Array.Empty<string>(), ("Locks.cs", LocksSource))
                .Project("User", new[] { "Locks" }, ("User.cs", UserSource))
                .WriteSolution();
            Check = await CliRun.RunAsync("check", Solution.SolutionPath, "--sarif", SarifPath);
        }

        public Task DisposeAsync()
        {
            Solution.Dispose();
            return Task.CompletedTask;
        }
    }
}

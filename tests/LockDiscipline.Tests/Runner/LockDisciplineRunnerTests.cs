using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockDiscipline.Tests.Runner
{
    /// <summary>The library entry point tools use: diagnostics and lock facts per compilation, and deadlocks across compilations.</summary>
    public class LockDisciplineRunnerTests
    {
        private const string Core = @"
namespace Core
{
    public static class Gates
    {
        public static readonly object Accounts = new object();
        public static readonly object Ledger = new object();
    }
}";

        private const string Billing = @"
namespace Billing
{
    public static class Charge
    {
        public static void Run()
        {
            lock (Core.Gates.Accounts)
            {
                lock (Core.Gates.Ledger) { }
            }
        }
    }
}";

        private const string Audit = @"
namespace Audit
{
    public static class Check
    {
        public static void Run()
        {
            lock (Core.Gates.Ledger)
            {
                lock (Core.Gates.Accounts) { }
            }
        }
    }
}";

        private static readonly AnalyzerOptions NoOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);

        private static async Task<LockDisciplineResult[]> AnalyzeTwoAssemblies(string first, string second)
        {
            var core = DirectRunner.Compile(new[] { ("Core.cs", Core) }, Enumerable.Empty<MetadataReference>(), "Core");
            var coreReference = core.ToMetadataReference();
            var one = DirectRunner.Compile(new[] { ("Billing.cs", first) }, new[] { coreReference }, "Billing");
            var two = DirectRunner.Compile(new[] { ("Audit.cs", second) }, new[] { coreReference }, "Audit");
            return new[]
            {
                await LockDisciplineRunner.AnalyzeAsync(one, NoOptions, CancellationToken.None),
                await LockDisciplineRunner.AnalyzeAsync(two, NoOptions, CancellationToken.None),
            };
        }

        [Fact]
        public async Task OppositeOrdersInTwoAssemblies_OneCrossCompilationDeadlock_WithBothSites()
        {
            var results = await AnalyzeTwoAssemblies(Billing, Audit);

            Assert.All(results, r => Assert.DoesNotContain(r.Diagnostics, d => d.Id == "LD0010"));
            var observed = results.SelectMany(r => r.Edges).Where(e => !e.IsDeclared).Select(e => $"{e.From}->{e.To} in {e.Method}").OrderBy(s => s).ToArray();
            Assert.Equal(new[] { "Gates.Accounts->Gates.Ledger in Charge.Run()", "Gates.Ledger->Gates.Accounts in Check.Run()" }, observed);

            var deadlock = Assert.Single(LockDisciplineRunner.CrossCompilationDeadlocks(results));
            Assert.Equal("LD0010", deadlock.Id);
            var files = new[] { deadlock.Location }.Concat(deadlock.AdditionalLocations).Select(l => l.SourceTree!.FilePath).Distinct().OrderBy(f => f);
            Assert.Equal(new[] { "Audit.cs", "Billing.cs" }, files);
            Assert.Contains("Gates.Ledger taken while holding Gates.Accounts at Billing.cs:10", deadlock.GetMessage());
            Assert.Contains("Gates.Accounts taken while holding Gates.Ledger at Audit.cs:10", deadlock.GetMessage());
        }

        [Fact]
        public async Task SameOrderInTwoAssemblies_NoCrossCompilationDeadlock()
        {
            var results = await AnalyzeTwoAssemblies(Billing, Billing.Replace("Billing", "Audit").Replace("Charge", "Check"));

            Assert.Empty(LockDisciplineRunner.CrossCompilationDeadlocks(results));
            Assert.Equal(new[] { "Gates.Accounts", "Gates.Ledger" }, results[0].LockClasses.Select(c => c.Name).ToArray());
            Assert.All(results[0].LockClasses, c => Assert.False(c.IsSpin));
        }

        [Fact]
        public async Task CycleInsideOneAssembly_ReportedThereOnly_NotAgainAcrossCompilations()
        {
            var results = await AnalyzeTwoAssemblies(Billing + Audit, "namespace Empty { }");

            Assert.Single(results[0].Diagnostics, d => d.Id == "LD0010");
            Assert.Empty(LockDisciplineRunner.CrossCompilationDeadlocks(results));
        }

        /// <summary>A lock of an object the method made and keeps orders nothing (no edge), but it is still a lock class the code takes.</summary>
        [Fact]
        public async Task LockOfAFreshObject_IsAClassOfTheResult_WithNoEdge()
        {
            var source = @"
public sealed class Session
{
    private readonly object _cancel = new object();
    public readonly object Cleanup = new object();

    public void Cancel()
    {
        lock (_cancel)
        {
            var side = new Session();
            lock (side.Cleanup) { }
        }
    }
}";
            var compilation = DirectRunner.Compile(new[] { ("Session.cs", source) });
            var result = await LockDisciplineRunner.AnalyzeAsync(compilation, NoOptions, CancellationToken.None);

            Assert.Empty(result.Edges);
            Assert.Equal(new[] { "Session.Cleanup", "Session._cancel" }, result.LockClasses.Select(c => c.Name).OrderBy(n => n, System.StringComparer.Ordinal).ToArray());
        }

        [Fact]
        public async Task DeclaredOrder_IsAnEdgeOfTheResult_AndSpinLocksAreMarked()
        {
            var source = @"
using LockDiscipline;
public sealed class Pair
{
    [AcquiredBefore(typeof(Pair), nameof(Inner))]
    public System.Threading.SpinLock Outer;
    public System.Threading.SpinLock Inner;
}";
            var compilation = DirectRunner.Compile(new[] { ("Pair.cs", source) });
            var result = await LockDisciplineRunner.AnalyzeAsync(compilation, NoOptions, CancellationToken.None);

            var edge = Assert.Single(result.Edges);
            Assert.True(edge.IsDeclared);
            Assert.Equal(("Pair.Outer", "Pair.Inner"), (edge.From, edge.To));
            Assert.All(result.LockClasses, c => Assert.True(c.IsSpin));
        }
    }
}

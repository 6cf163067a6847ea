using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// LD0010 counts a lock taken beneath a call as taken under the caller's locks only within
    /// <c>lockdiscipline.max_inferred_call_chain</c> calls (8 by default, 0 for no bound), read from the
    /// <c>.editorconfig</c> of the file where the call is made under the lock.
    /// </summary>
    public class LD0010CallChainBoundTests
    {
        /// <summary>
        /// <c>Post</c> holds the account's gate and calls Hop1 → … → HopN, the last of which takes the
        /// ledger's gate; <c>Reconcile</c> takes them the other way round, directly.
        /// </summary>
        private static string Chain(int calls)
        {
            var source = new StringBuilder(@"
public sealed class Account { public readonly object Gate = new object(); }
public sealed class Ledger { public readonly object Gate = new object(); }

class Books
{
    void Post(Account a, Ledger l)
    {
        lock (a.Gate)
        {
            {|#0:Hop1(l)|};
        }
    }

    void Reconcile(Account a, Ledger l)
    {
        lock (l.Gate)
        {
            lock (a.Gate) { }
        }
    }
");
            for (var i = 1; i < calls; i++)
            {
                source.Append($"    void Hop{i}(Ledger l) => Hop{i + 1}(l);\n");
            }

            source.Append($"    void Hop{calls}(Ledger l) {{ lock (l.Gate) {{ }} }}\n}}\n");
            return source.ToString();
        }

        private static int LineOf(string source, string text) =>
            source.Substring(0, source.IndexOf(text, StringComparison.Ordinal)).Count(c => c == '\n') + 1;

        private static Task Run(string source, string? bound, params DiagnosticResult[] expected) =>
            Verify.DiagnosticsWithOption("lockdiscipline.max_inferred_call_chain", bound, withPrelude: false, source, expected);

        private static DiagnosticResult Deadlock() =>
            Verify.Warning("LD0010").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        [Fact]
        public Task ChainAtTheDefaultBound_Warns_NamingEveryCall()
        {
            var source = Chain(8);
            var hops = string.Join(" → ", Enumerable.Range(1, 8).Select(i => $"Hop{i}()"));
            return Run(source, bound: null, Deadlock().WithArguments(
                $"Ledger.Gate taken while holding Account.Gate at Test0.cs:{LineOf(source, "Hop1(l)|}")}, through {hops} which takes it at Test0.cs:{LineOf(source, "void Hop8(")}; "
                + $"Account.Gate taken while holding Ledger.Gate at Test0.cs:{LineOf(source, "lock (a.Gate) { }")}"));
        }

        [Fact]
        public Task ChainOneCallBeyondTheDefaultBound_NoWarning() => Run(Chain(9).Replace("{|#0:Hop1(l)|}", "Hop1(l)"), bound: null);

        [Fact]
        public Task ChainBeyondTheDefault_WithTheBoundRaised_Warns() => Run(Chain(9), bound: "9", Deadlock());

        [Fact]
        public Task LongChain_WithTheBoundLifted_Warns() => Run(Chain(20), bound: "0", Deadlock());

        [Fact]
        public Task ShortChain_WithTheBoundLowered_NoWarning() => Run(Chain(3).Replace("{|#0:Hop1(l)|}", "Hop1(l)"), bound: "2");

        [Fact]
        public Task ChainWithinALoweredBound_Warns() => Run(Chain(2), bound: "2", Deadlock());

        [Fact]
        public Task BoundTooLargeToHold_IsNoBound() => Run(Chain(20), bound: "99999999999", Deadlock());

        [Theory]
        [InlineData("-1")]
        [InlineData("+9")]
        [InlineData("9x")]
        public Task SignedOrUnreadableBound_KeepsTheDefault(string bound) => Run(Chain(9).Replace("{|#0:Hop1(l)|}", "Hop1(l)"), bound);

        [Fact]
        public Task UnreadableBound_KeepsTheDefault() => Run(Chain(8), bound: "eight", Deadlock());

        /// <summary>
        /// Shape S7 (StackExchange.Redis #13 in DIAGNOSTICS.md) raises nothing by default
        /// (<c>RealCodeShapeTests</c>); its cycle is there, through eleven calls, once the bound is lifted.
        /// </summary>
        [Fact]
        public Task GuardedLazyCreationShape_WithTheBoundLifted_Warns()
        {
            var path = System.IO.Path.Combine(DirectRunner.RepoRoot, "benchmarks", "RealCode", "shapes", "S7_GuardedLazyCreation.cs");
            var source = System.IO.File.ReadAllText(path).Replace(
                "Console.WriteLine(Reports.Describe(_router))", "Console.WriteLine({|#0:Reports.Describe(_router)|})");
            return Run(source, bound: "0", Deadlock());
        }

        [Fact]
        public Task DirectCycle_IsNotBounded() => Run(@"
public sealed class Account { public readonly object Gate = new object(); }
public sealed class Ledger { public readonly object Gate = new object(); }

class Books
{
    void Post(Account a, Ledger l) { lock (a.Gate) { lock ({|#0:l.Gate|}) { } } }

    void Reconcile(Account a, Ledger l) { lock (l.Gate) { lock (a.Gate) { } } }
}", bound: "1", Deadlock());
    }
}

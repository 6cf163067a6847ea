using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Summaries
{
    /// <summary>
    /// Bodies that touch no lock are not analyzed while the compilation is; what a caller holding a lock
    /// needs of them is worked out on demand. The verdicts are those of analyzing everything.
    /// </summary>
    public class OnDemandSummaryTests
    {
        [Fact]
        public Task SleepTwoLockFreeCallsDeep_UnderASpinLock_Warns_WithTheChain() => Verify.Diagnostics(@"
class Flusher
{
    void Flush(Spin s)
    {
        {|#1:s.Lock()|};
        {|#0:Persist()|};
        s.Unlock();
    }
    void Persist() => Write();
    void Write() => System.Threading.Thread.Sleep(1);
    void Unrelated() => Persist();
}", Verify.Warning("LD0002").WithLocation(0).WithLocation(1).WithArguments("'Persist()'", "Persist() → Write() → 'Thread.Sleep'", "s", 6));

        [Fact]
        public Task LockTakenBeneathALockFreeCall_InBothOrders_IsADeadlock() => Verify.Diagnostics(@"
class Bank
{
    private readonly object _accounts = new object();
    private readonly object _audit = new object();
    void Transfer() { lock ({|#2:_accounts|}) { {|#0:Record()|}; } }
    void Record() => Append();
    void Append() { lock (_audit) { } }
    void Review() { lock ({|#3:_audit|}) { lock ({|#1:_accounts|}) { } } }
}", Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
    .WithArguments("Bank._audit taken while holding Bank._accounts at Test1.cs:6, through Record() → Append() which takes it at Test1.cs:8; Bank._accounts taken while holding Bank._audit at Test1.cs:9"));

        [Fact]
        public Task LockFreeCallees_ThatNeitherSleepNorLock_NoWarning() => Verify.Diagnostics(@"
class Counter
{
    private int _n;
    void Bump(Spin s)
    {
        s.Lock();
        Add(1);
        s.Unlock();
    }
    void Add(int k) => Store(_n + k);
    void Store(int v) => _n = v;
}");

        // A helper in the caller's own file is scanned while that file is analyzed, with the driver's model; one in
        // another file, when the compilation ends. A chain may cross between the two, both ways: the verdicts are the same.

        [Fact]
        public Task SleepThroughAHelperInAnotherFile_AndBack_Warns_WithTheChain() => TwoFiles(
            ("Flusher.cs", @"
class Flusher
{
    public void Flush(Spin s)
    {
        {|#1:s.Lock()|};
        {|#0:Persist()|};
        s.Unlock();
    }
    void Persist() => Disk.Write(this);
    public void Settle() => Pause();
    void Pause() => System.Threading.Thread.Sleep(1);
}"),
            ("Disk.cs", @"
static class Disk
{
    public static void Write(Flusher f) => f.Settle();
}"),
            Verify.Warning("LD0002").WithLocation(0).WithLocation(1)
                .WithArguments("'Persist()'", "Persist() → Write() → Settle() → Pause() → 'Thread.Sleep'", "s", 6));

        [Fact]
        public Task LockTakenBeneathACallIntoAnotherPartOfThePartialClass_IsADeadlock() => TwoFiles(
            ("Bank.cs", @"
partial class Bank
{
    private readonly object _accounts = new object();
    private readonly object _audit = new object();
    void Transfer() { lock ({|#2:_accounts|}) { {|#0:Record()|}; } }
    void Review() { lock ({|#3:_audit|}) { lock ({|#1:_accounts|}) { } } }
}"),
            ("Bank.Audit.cs", @"
partial class Bank
{
    void Record() => Append();
    void Append() { lock (_audit) { } }
}"),
            Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
                .WithArguments("Bank._audit taken while holding Bank._accounts at Bank.cs:6, through Record() → Append() which takes it at Bank.Audit.cs:5; Bank._accounts taken while holding Bank._audit at Bank.cs:7"));

        [Fact]
        public Task HelpersInTheSameFile_ThatNeitherSleepNorLock_ScannedEarly_NoWarning() => TwoFiles(
            ("Counter.cs", @"
class Counter
{
    private int _n;
    void Bump(Spin s) { s.Lock(); Add(1); s.Unlock(); }
    void Add(int k) => Store(_n + k);
    void Store(int v) => _n = Other.Twice(v);
}"),
            ("Other.cs", @"
static class Other
{
    public static int Twice(int v) => v + v;
}"));

        /// <summary>Both analyzers over two files (and the prelude), the diagnostics checked exactly; LD0018 left out.</summary>
        private static Task TwoFiles((string Path, string Text) first, (string Path, string Text) second, params DiagnosticResult[] expected)
        {
            var test = new LockAnalyzerTest();
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            test.ExpectedDiagnostics.AddRange(expected);
            test.DisabledDiagnostics.Add("LD0018");
            return test.RunAsync(CancellationToken.None);
        }
    }
}

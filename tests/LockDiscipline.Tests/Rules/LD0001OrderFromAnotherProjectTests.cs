using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// The declared order of a referenced project's lock fields, as the IDE sees them: source symbols of
    /// another compilation, not metadata (the command line sees metadata; both must give the same answer).
    /// </summary>
    public class LD0001OrderFromAnotherProjectTests
    {
        private const string Core = @"
using LockDiscipline;
namespace Core
{
    public sealed class Gates
    {
        [AcquiredBefore(typeof(Gates), nameof(Ledger))]
        public readonly object Accounts = new object();
        public readonly object Ledger = new object();
    }
}";

        private static Task Run(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        {
            var test = new LockAnalyzerTest(withPrelude: false) { TestCode = source };
            test.TestState.AdditionalProjects["Core"].Sources.Add(("Core.cs", Core));
            test.TestState.AdditionalProjects["Core"].AdditionalReferences.Add(typeof(AcquiresAttribute).Assembly);
            test.TestState.AdditionalProjectReferences.Add("Core");
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task AgainstTheOrderDeclaredInAReferencedProject_Warns() => Run(@"
class Transfer
{
    void Run(Core.Gates g)
    {
        lock ({|#1:g.Ledger|})
        {
            lock ({|#0:g.Accounts|}) { }
        }
    }
}", Verify.Warning("LD0001").WithLocation(0).WithLocation(1).WithArguments("g.Accounts", "Gates.Accounts", "g.Ledger", "Gates.Ledger", 6));

        [Fact]
        public Task InTheOrderDeclaredInAReferencedProject_NoWarning() => Run(@"
class Transfer
{
    void Run(Core.Gates g)
    {
        lock (g.Accounts)
        {
            lock (g.Ledger) { }
        }
    }
}");
    }
}

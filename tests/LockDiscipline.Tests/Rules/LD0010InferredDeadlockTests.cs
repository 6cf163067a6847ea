using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0010: locks taken in opposite orders across the compilation, with no declared order.</summary>
    public class LD0010InferredDeadlockTests
    {
        private const string Locks = @"
public sealed class Account
{
    public readonly object Gate = new object();
}

public sealed class Ledger
{
    public readonly object Gate = new object();
}

public sealed class Audit
{
    public readonly object Gate = new object();
}
";

        [Fact]
        public Task ABBA_InTwoMethods_Warns_Once_NamingBothSites() => Verify.Diagnostics(Locks + @"
class C1
{
    void Post(Account a, Ledger l)
    {
        lock (a.Gate)
        {
            lock ({|#0:l.Gate|}) { }
        }
    }

    void Reconcile(Account a, Ledger l)
    {
        lock (l.Gate)
        {
            lock ({|#1:a.Gate|}) { }
        }
    }
}",
            Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Ledger.Gate taken while holding Account.Gate at Test1.cs:23; Account.Gate taken while holding Ledger.Gate at Test1.cs:31"));

        [Fact]
        public Task ABBCCA_ThroughACall_Warns() => Verify.Diagnostics(Locks + @"
class C1
{
    void One(Account a, Ledger l) { lock (a.Gate) { lock ({|#0:l.Gate|}) { } } }

    void Two(Ledger l, Audit x) { lock (l.Gate) { TakeAudit(x); } }

    void TakeAudit(Audit x) { lock (x.Gate) { } }

    void Three(Audit x, Account a) { lock (x.Gate) { lock (a.Gate) { } } }
}",
            Verify.Warning("LD0010").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Ledger.Gate taken while holding Account.Gate at Test1.cs:19; Audit.Gate taken while holding Ledger.Gate at Test1.cs:21, through TakeAudit() which takes it at Test1.cs:23; Account.Gate taken while holding Audit.Gate at Test1.cs:25"));

        [Fact]
        public Task OneOrderEverywhere_TryLocksAgainstIt_AndDeclaredOrders_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
" + Locks + @"
class C1
{
    void Post(Account a, Ledger l)
    {
        lock (a.Gate) { lock (l.Gate) { } }
    }

    void Reconcile(Account a, Ledger l)
    {
        lock (l.Gate)
        {
            if (Monitor.TryEnter(a.Gate))
            {
                Monitor.Exit(a.Gate);
            }
        }
    }

    void Ordered(Outer o, Inner i)
    {
        o.A.Lock();
        i.B.Lock();
        i.B.Unlock();
        o.A.Unlock();
    }
}");
    }
}

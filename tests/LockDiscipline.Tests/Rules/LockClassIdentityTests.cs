using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// One monitor, one lock class: <c>lock (this)</c> inside a class and <c>lock (owner.field)</c> on an
    /// instance of that class from outside take the same kind of monitor, so both are the class itself.
    /// A cycle that needs them to differ is no cycle; an ABBA between them is one; two instances nested are
    /// LD0015's case.
    /// </summary>
    public class LockClassIdentityTests
    {
        /// <summary>
        /// How a class takes its own monitor: <c>lock (this)</c>, or through a locking helper of the project's
        /// (<c>SafeMonitor.Enter(this)</c>, as a search library enters every monitor through an interrupt-safe one).
        /// OPEN and CLOSE go around the body; the helper is declared in both cases, so the lines are the same.
        /// </summary>
        private const string SafeMonitor = @"
using System.Threading;

public static class SafeMonitor
{
    public static void Enter(object o) { Monitor.Enter(o); }
    public static void Exit(object o) { Monitor.Exit(o); }
}
";

        private static string SelfLocking(string code, string open, string close) => SafeMonitor + code.Replace("OPEN", open).Replace("CLOSE", close);

        /// <summary>
        /// Settle holds an account and, through the bank, enters the primary account again (the same monitor
        /// when it is the same account: a re-entry); Audit holds the primary account and calls into it, which
        /// re-enters it. With the field and <c>this</c> as two classes this was an LD0010 cycle.
        /// </summary>
        [Theory]
        [InlineData("lock (this) {", "}")]
        [InlineData("SafeMonitor.Enter(this); try {", "} finally { SafeMonitor.Exit(this); }")]
        public Task ThisInsideAndFieldOutside_OneClass_NoCycle(string open, string close) => Verify.Diagnostics(SelfLocking(@"
public sealed class Account
{
    private readonly Bank _bank;
    private int _touched;

    public Account(Bank bank) { _bank = bank; }

    public void Touch() { OPEN _touched++; CLOSE }

    public void Settle() { OPEN _bank.Audit(); CLOSE }
}

public sealed class Bank
{
    private readonly Account _primary;

    public Bank() { _primary = new Account(this); }

    public void Audit() { lock (_primary) { _primary.Touch(); } }
}", open, close));

        /// <summary>
        /// Post takes the ledger (itself) then its journal; Review takes the journal then the ledger
        /// (<c>lock (_ledger)</c>): a real ABBA on one ledger, missed while the two spellings were two classes.
        /// </summary>
        [Theory]
        [InlineData("lock (this) {", "}")]
        [InlineData("SafeMonitor.Enter(this); try {", "} finally { SafeMonitor.Exit(this); }")]
        public Task ThisInsideThenGate_GateThenFieldOutside_Warns(string open, string close) => Verify.Diagnostics(SelfLocking(@"
public sealed class Ledger
{
    public readonly object Journal = new object();

    public void Post() { OPEN lock ({|#0:Journal|}) { } CLOSE }
}

public sealed class Auditor
{
    private readonly Ledger _ledger = new Ledger();

    public void Review() { lock (_ledger.Journal) { lock ({|#1:_ledger|}) { } } }
}", open, close),
            Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("Ledger.Journal taken while holding Ledger at Test1.cs:14; Ledger taken while holding Ledger.Journal at Test1.cs:21"));

        /// <summary>Two instances of a class that locks itself, nested with nothing to order them: LD0015, as for two instances of one field.</summary>
        [Fact]
        public Task ThisThenAnotherInstanceByField_Warns() => Verify.Diagnostics(@"
public sealed class Cell
{
    private Cell? _neighbour;
    private int _value;

    public void Bump() { lock (this) { _value++; } }

    public void Share()
    {
        var neighbour = _neighbour;
        if (neighbour == null) return;
        lock (this)
        {
            lock ({|#0:neighbour|}) { neighbour._value = _value; }
        }
    }
}",
            Verify.Warning("LD0015").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("_neighbour", "this", 13, "Cell"));

        /// <summary>A class that only traces itself (<c>NetEventSource.Enter(this)</c>) does not lock itself: its fields stay their own classes.</summary>
        [Fact]
        public Task ThisPassedToATracersEnter_IsNoLock_FieldsStayTheirOwnClasses_NoWarning() => Verify.Diagnostics(@"
using System;

public static class NetEventSource
{
    public static void Enter(object thisOrContext) { Console.WriteLine(thisOrContext); }
    public static void Exit(object thisOrContext) { Console.WriteLine(thisOrContext); }
}

public sealed class Connection
{
    public void Send() { NetEventSource.Enter(this); Console.WriteLine(""send""); NetEventSource.Exit(this); }
}

public sealed class Pool
{
    private readonly Connection _primary = new Connection();
    private readonly Connection _secondary = new Connection();

    public void Both() { lock (_primary) { lock (_secondary) { _primary.Send(); } } }
}");

        /// <summary>A class that never locks itself keeps a class per field: two fields of it are two locks, ordered as any two fields are.</summary>
        [Fact]
        public Task FieldsOfAClassThatDoesNotLockItself_StayTheirOwnClasses_NoWarning() => Verify.Diagnostics(@"
public sealed class Token { }

public sealed class Pair
{
    private readonly Token _left = new Token();
    private readonly Token _right = new Token();

    public void Both() { lock (_left) { lock (_right) { } } }
}");

        /// <summary>A <c>lock (this)</c> in a nested class locks the nested object: the enclosing class does not lock itself.</summary>
        [Fact]
        public Task LockThisInANestedClassOnly_EnclosingClassKeepsAClassPerField_NoWarning() => Verify.Diagnostics(@"
public sealed class Envelope
{
    public sealed class Letter
    {
        private int _n;
        public void Bump() { lock (this) { _n++; } }
    }
}

public sealed class Holder
{
    private readonly Envelope _first = new Envelope();
    private readonly Envelope _second = new Envelope();

    public void Both() { lock (_first) { lock (_second) { } } }
}");

        /// <summary>A field of a class that locks itself, placed in the declared order by its own attribute, keeps that place.</summary>
        [Fact]
        public Task DeclaredOrderOnAFieldOfASelfLockingClass_Honoured_Warns() => Verify.Diagnostics(@"
using LockDiscipline;
public sealed class Node
{
    private int _hits;
    public void Hit() { lock (this) { _hits++; } }
}

public sealed class Route
{
    [AcquiredBefore(typeof(Route), nameof(Tail))]
    public readonly Node Head = new Node();
    public readonly Node Tail = new Node();

    public void Backwards() { lock (Tail) { lock ({|#0:Head|}) { } } }
}",
            Verify.Warning("LD0001").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }
}

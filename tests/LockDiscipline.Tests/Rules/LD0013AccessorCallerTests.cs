using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// LD0013 and accessors with bodies (session 24, a proxy library's seeding indexer): a property's or an indexer's
    /// accessor is called where the property is used, so its callers' locks count in its body, as a helper method's
    /// callers' do: a setter used only in constructors, or only under the lock, is not an unguarded write.
    /// </summary>
    public class LD0013AccessorCallerTests
    {
        private static DiagnosticResult LD0013(int location, string member, string verb, string guard, int sites, string takenAt) =>
            LD0013InconsistentSynchronizationTests.LD0013(location, member, verb, guard, sites, takenAt);

        /// <summary>A lookup guarded by a reader-writer lock, with a seeding indexer for derived classes.</summary>
        private const string Lookup = @"
using System.Collections.Generic;
using System.Threading;

public class Lookup<TKey, TValue> where TValue : class
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private readonly Dictionary<TKey, TValue> _map = new Dictionary<TKey, TValue>();

    public TValue this[TKey key]
    {
        get { return Find(key); }
        protected set { {|#0:_map|}[key] = value; }
    }

    public TValue Find(TKey key)
    {
        _rw.EnterReadLock();
        try { return _map.TryGetValue(key, out var v) ? v : null; }
        finally { _rw.ExitReadLock(); }
    }

    public void Put(TKey key, TValue value)
    {
        _rw.EnterWriteLock();
        try { _map[key] = value; }
        finally { _rw.ExitWriteLock(); }
    }
}
";

        [Fact]
        public Task ProtectedIndexerSetter_UsedOnlyByADerivedConstructor_NoWarning() => Verify.Diagnostics(Lookup + @"
internal sealed class Colors : Lookup<int, string>
{
    public static readonly Colors Shared = new Colors();
    private Colors() { this[0] = ""red""; this[1] = ""green""; }
    public string Name(int k) => this[k];
}");

        [Fact]
        public Task ProtectedIndexerSetter_AlsoUsedAfterPublication_Warns() => Verify.Diagnostics(Lookup + @"
internal sealed class Colors : Lookup<int, string>
{
    private Colors() { this[0] = ""red""; }
    public void Recolor(int k, string c) { this[k] = c; }
}",
            LD0013(0, "_map", "changed", "_rw", 2, "line 18"));

        [Fact]
        public Task ProtectedIndexerSetter_UsedOnAnotherInstanceOfTheDerivedType_Warns() => Verify.Diagnostics(Lookup + @"
internal sealed class Colors : Lookup<int, string>
{
    private Colors() { this[0] = ""red""; }
    public static void Recolor(Colors other, int k, string c) { other[k] = c; }
}",
            LD0013(0, "_map", "changed", "_rw", 2, "line 18"));

        /// <summary>A counter whose total is kept through a private property with a body.</summary>
        private const string Meter = @"
public sealed class Meter
{
    private readonly object _gate = new object();
    private long _total;
    private int _samples;

    private long Total
    {
        get { return _total; }
        set { {|#0:_total|} = value; _samples++; }
    }

    public void Add(long amount) { lock (_gate) { _total += amount; } }

    public long Read() { lock (_gate) { return _total; } }
";

        [Fact]
        public Task PrivateSetter_UsedOnlyUnderTheLock_NoWarning() => Verify.Diagnostics(Meter + @"
    public void Reset() { lock (_gate) { Total = 0; } }

    public void Halve() { lock (_gate) { this.Total /= 2; } }
}");

        [Fact]
        public Task PrivateSetter_UsedOnceWithoutTheLock_Warns() => Verify.Diagnostics(Meter + @"
    public void Reset() { lock (_gate) { Total = 0; } }

    public void Clear() { Total = 0; }
}",
            LD0013(0, "_total", "written", "_gate", 2, "line 14"));

        [Fact]
        public Task PrivateSetter_OnlyReadWithoutTheLock_IsNoCallOfTheSetter_NoWarning() => Verify.Diagnostics(Meter + @"
    public void Reset() { lock (_gate) { Total = 0; } }

    public long Peek() => Total;
}");

        [Fact]
        public Task PrivateIndexerSetter_UsedOnlyUnderTheLock_NoWarning() => Verify.Diagnostics(@"
using System.Collections.Generic;

public sealed class Slots
{
    private readonly object _gate = new object();
    private readonly List<string> _items = new List<string>();

    private string this[int i] { set { _items[i] = value; } }

    public void Add(string s) { lock (_gate) { _items.Add(s); } }

    public void Clear() { lock (_gate) { _items.Clear(); } }

    public void Replace(int i, string s) { lock (_gate) { this[i] = s; } }
}");

        [Fact]
        public Task InternalSetter_UsedInAnObjectInitializer_IsOnAnObjectNotYetShared_NoWarning() => Verify.Diagnostics(@"
public sealed class Cell
{
    private readonly object _gate = new object();
    private int _value;

    internal int Value { set { _value = value; } }

    public void Bump() { lock (_gate) { _value++; } }

    public int Read() { lock (_gate) { return _value; } }

    public static Cell Make(int v) => new Cell { Value = v };
}");

        private const string Holder = @"
public sealed class Holder
{
    private readonly object _gate = new object();
    private int _value;

    internal int Value { get { return _value; } set { {|#0:_value|} = value; } }

    public void Bump() { lock (_gate) { _value++; } }

    public int Read() { lock (_gate) { return _value; } }
}
";

        [Fact]
        public Task SetterUsedInANestedInitializer_IsOnTheSharedObject_Warns() => Verify.Diagnostics(Holder + @"
public sealed class Box
{
    public Box(Holder shared) { Inner = shared; }
    public Holder Inner { get; }
    public static Box Wrap(Holder shared) => new Box(shared) { Inner = { Value = 3 } };
}", LD0013(0, "_value", "written", "_gate", 2, "line 9"));

        [Fact]
        public Task SetterUsedOnlyInANewObjectsInitializer_NoWarning() => Verify.Diagnostics(Holder + @"
public static class Make
{
    public static Holder WithValue(int v) => new Holder { Value = v };
}");

        /// <summary>A getter that changes state (a counter bumped on read), used in a constructor.</summary>
        private const string Ticket = @"
public sealed class Ticket
{
    private readonly object _gate = new object();
    private int _next;

    private int Take { get { return {|#0:_next|}++; } }

    public void Skip() { lock (_gate) { _next++; } }

    public int Peek() { lock (_gate) { _next += 0; return _next; } }
";

        [Fact]
        public Task GetterUsedInAPropertyPatternOfAnotherObject_FromAConstructor_Warns() => Verify.Diagnostics(Ticket + @"
    public Ticket(Ticket other) { if (other is { Take: 1 }) { } }
}", LD0013(0, "_next", "written", "_gate", 3, "line 9"));

        [Fact]
        public Task GetterUsedOnThisObject_FromItsOwnConstructor_NoWarning() => Verify.Diagnostics(Ticket + @"
    public Ticket(int skip) { for (var i = 0; i < skip; i++) { var t = this.Take; } }
}");
    }
}

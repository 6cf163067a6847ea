using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// A method that runs only under its owner's lock says so in an assertion, often behind a switch and through the
    /// project's own helpers (session 25, a search library's index writer: <c>if (Debugging.AssertsEnabled)
    /// Debugging.Assert(UninterruptableMonitor.IsEntered(writer))</c>). The assertion states what holds whether or not it
    /// is checked: the body starts holding the asserted lock when it never takes it itself, so the owner's lock taken
    /// again beneath it is re-entry, not a second order. A project's <c>That(bool c) { if (!c) throw …; }</c> reads as
    /// <c>Debug.Assert</c>, and <c>bool IsEntered(object o) =&gt; Monitor.IsEntered(o)</c> as the test it returns.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        /// <summary>Owner.Commit holds the owner and flushes a part; the part's flush checkpoints the owner again.</summary>
        private const string OwnerAndPartHead = @"
using System;
using System.Diagnostics;
using System.Threading;

public static class Checks
{
    public static bool On = true;
}

public sealed class Owner
{
    private readonly Part _part;
    public Owner() { _part = new Part(this); }
    public void Checkpoint() { lock (this) { } }
    public void Commit() { lock ({|#0:this|}) { {|#1:_part.Flush()|}; } }
}

public sealed class Part
{
    private readonly Owner _owner;
    public Part(Owner owner) { _owner = owner; }
";

        [Fact]
        public Task AssertionBehindASwitch_ThatTheOwnersLockIsHeld_IsAPrecondition_NoWarning() => Verify.Diagnostics(OwnerAndPartHead + @"
    public void Flush()
    {
        lock (this)
        {
            if (Checks.On) Debug.Assert(Monitor.IsEntered(_owner));
            _owner.Checkpoint();
        }
    }
}");

        [Fact]
        public Task NoAssertion_ThePartTakesTheOwnerAfterItself_Warns() => Verify.Diagnostics(OwnerAndPartHead + @"
    public void Flush()
    {
        lock ({|#2:this|})
        {
            {|#3:_owner.Checkpoint()|};
        }
    }
}", Verify.Warning("LD0010").WithLocation(1).WithLocation(3).WithLocation(0).WithLocation(2)
            .WithArguments("Part taken while holding Owner at Test1.cs:16, through Flush() which takes it at Test1.cs:26; Owner taken while holding Part at Test1.cs:28, through Checkpoint() which takes it at Test1.cs:15"));

        [Fact]
        public Task AssertionOfALockTheBodyTakesItself_IsNoPrecondition_Warns() => Verify.Diagnostics(OwnerAndPartHead + @"
    public void Flush()
    {
        lock ({|#2:this|})
        {
            {|#3:_owner.Checkpoint()|};
        }

        lock (_owner)
        {
            Debug.Assert(Monitor.IsEntered(_owner));
        }
    }
}", Verify.Warning("LD0010").WithLocation(1).WithLocation(3).WithLocation(0).WithLocation(2)
            .WithArguments("Part taken while holding Owner at Test1.cs:16, through Flush() which takes it at Test1.cs:26; Owner taken while holding Part at Test1.cs:28, through Checkpoint() which takes it at Test1.cs:15"));

        /// <summary>The writer applies deletes under its own lock through a stream that locks itself and writes a reader's updates.</summary>
        private const string WriterStreamHead = @"
using System.Diagnostics;
using System.Threading;

public sealed class Writer
{
    private readonly Stream _stream = new Stream();
    private readonly Updates _updates;
    public Writer() { _updates = new Updates(this); }
    public void Checkpoint() { lock (this) { } }
    public void ApplyDeletes() { lock ({|#0:this|}) { {|#1:_stream.Apply(_updates)|}; } }
}

public sealed class Stream
{
    public void Apply(Updates updates) { lock ({|#2:this|}) { {|#3:updates.Write()|}; } }
}

public sealed class Updates
{
    private readonly Writer _writer;
    public Updates(Writer writer) { _writer = writer; }
";

        [Fact]
        public Task CalleeAssertingTheWritersLock_TakesItAgainBeneathACall_IsReentryForItsCallers_NoWarning() => Verify.Diagnostics(WriterStreamHead + @"
    public void Write()
    {
        Debug.Assert(Monitor.IsEntered(_writer));
        _writer.Checkpoint();
    }
}");

        [Fact]
        public Task CalleeWithoutTheAssertion_TakesTheWritersLockUnderTheStreams_Warns() => Verify.Diagnostics(WriterStreamHead + @"
    public void Write()
    {
        _writer.Checkpoint();
    }
}", Verify.Warning("LD0010").WithLocation(3).WithLocation(1).WithLocation(2).WithLocation(0)
            .WithArguments("Writer taken while holding Stream at Test1.cs:16, through Write() → Checkpoint() which takes it at Test1.cs:10; Stream taken while holding Writer at Test1.cs:11, through Apply() which takes it at Test1.cs:16"));

        /// <summary>The limits of reading an assertion as a precondition (a reviewer's cases, session 25): each must still warn.</summary>
        private const string GuardedCounterHead = @"
using System;
using System.Diagnostics;
using System.Threading;
using LockDiscipline;

public sealed class Counter
{
    private readonly object _g = new object();
    private readonly object _h = new object();
    [GuardedBy(""_g"")] private int _n;
";

        [Fact]
        public Task AssertionUnderARuntimeCondition_StatesThatPathOnly_Warns() => Verify.Diagnostics(GuardedCounterHead + @"
    public void Touch(bool locked)
    {
        if (locked) Debug.Assert(Monitor.IsEntered(_g));
        else {|#0:_n|}++;
    }
}", Verify.Warning("LD0008").WithLocation(0).WithArguments("Writing '_n'", "_g", "GuardedBy"));

        [Fact]
        public Task AssertionInACatch_StatesTheFailingPathOnly_Warns() => Verify.Diagnostics(GuardedCounterHead + @"
    public void Touch()
    {
        try { {|#0:_n|}++; }
        catch { Debug.Assert(Monitor.IsEntered(_g)); throw; }
    }
}", Verify.Warning("LD0008").WithLocation(0).WithArguments("Writing '_n'", "_g", "GuardedBy"));

        [Fact]
        public Task AssertionInsideALockTakenThroughALocal_IsNoPrecondition_NoWarning() => Verify.Diagnostics(GuardedCounterHead + @"
    public void Touch()
    {
        lock (_h) { }
        var g = _g;
        lock (g) { Debug.Assert(Monitor.IsEntered(_g)); _n++; }
    }

    public void Order() { lock (_h) { lock (_g) { _n = 0; } } }
}");

        [Fact]
        public Task AssertWhoseConditionNamesTwoParameters_IsNoAssert_Warns() => Verify.Diagnostics(@"
using System;
using System.Threading;

public static class Check
{
    public static void That(bool ok, bool quiet) { if (!ok && !quiet) throw new InvalidOperationException(); }
}

public sealed class User
{
    private readonly object _g = new object();
    public void Leak(int k)
    {
        {|#0:Monitor.Enter(_g)|};
        if (k > 5) { Monitor.Exit(_g); return; }
        Check.That(k > 0, false);
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_g", 15, "'Leak()'", "returns on some path"));

        [Fact]
        public Task VirtualAssert_AnOverrideMayReturn_IsNoAssert_Warns() => Verify.Diagnostics(GuardedCounterHead + @"
    public void Touch(Base check)
    {
        check.Require(Monitor.IsEntered(_g));
        {|#0:_n|}++;
    }
}

public class Base { public virtual void Require(bool c) { if (!c) throw new InvalidOperationException(); } }", Verify.Warning("LD0008").WithLocation(0).WithArguments("Writing '_n'", "_g", "GuardedBy"));

        /// <summary>
        /// The asserting body also locks each of a pool's slots through a local (a search library's abort-all): a slot's
        /// gate is another lock class than the flush lock asserted, so the assertion still holds from entry.
        /// </summary>
        [Fact]
        public Task AssertionBesideLocksTakenThroughLocalsOfAnotherClass_IsAPrecondition_NoWarning() => Verify.Diagnostics(@"
using System.Diagnostics;
using System.Threading;

public static class Checks
{
    public static bool On = true;
}

public sealed class Slot
{
    private readonly object _gate = new object();
    public void Lock() { Monitor.Enter(_gate); }
    public void Unlock() { Monitor.Exit(_gate); }
}

public sealed class Writer
{
    private readonly object _flushLock = new object();
    public bool HoldsFlushLock => Monitor.IsEntered(_flushLock);
}

public sealed class Pool
{
    private readonly Slot[] _slots = { new Slot(), new Slot() };

    public void LockAll(Writer writer)
    {
        lock (this)
        {
            if (Checks.On) Debug.Assert(writer.HoldsFlushLock);
            for (int i = 0; i < _slots.Length; i++)
            {
                var slot = _slots[i];
                slot.Lock();
            }
        }
    }
}");

        /// <summary>
        /// A helper reached by two routes, one through a method that asserts the lock and one not: the second still takes
        /// the lock under the caller's, whichever route the closure meets first (a reviewer's case, session 25).
        /// </summary>
        [Theory]
        [InlineData("P(); Q();")]
        [InlineData("Q(); P();")]
        public Task HelperReachedAlsoByARouteWithoutTheAssertion_StillOrders_Warns(string calls) => Verify.Diagnostics(@"
using System.Diagnostics;
using System.Threading;

public sealed class Sys
{
    private readonly object _x = new object();
    private readonly object _a = new object();
    public void Outer() { lock ({|#0:_x|}) { {|#1:C()|}; } }
    private void C() { CALLS }
    private void P() { Debug.Assert(Monitor.IsEntered(_a)); H(); }
    private void Q() { H(); }
    private void H() { lock (_a) { } }
    public void Reverse() { lock ({|#2:_a|}) { lock ({|#3:_x|}) { } } }
}".Replace("CALLS", calls), Verify.Warning("LD0010").WithLocation(3).WithLocation(1).WithLocation(2).WithLocation(0)
            .WithArguments("Sys._x taken while holding Sys._a at Test1.cs:14; Sys._a taken while holding Sys._x at Test1.cs:9, through C() → Q() → H() which takes it at Test1.cs:13"));

        /// <summary>
        /// A helper reached through two methods asserting different locks: beneath the one asserting another lock, the helper's
        /// acquire is real, whichever the closure meets first (a reviewer's case, session 25).
        /// </summary>
        [Theory]
        [InlineData("Q(); P();")]
        [InlineData("P(); Q();")]
        public Task HelperBeneathAssertionsOfDifferentLocks_StillOrders_Warns(string calls) => Verify.Diagnostics(@"
using System.Diagnostics;
using System.Threading;

public sealed class C
{
    private readonly object _a = new object(), _b = new object(), _c = new object();
    private void H() { lock (_a) { } }
    private void P() { Debug.Assert(Monitor.IsEntered(_a)); H(); }
    private void Q() { Debug.Assert(Monitor.IsEntered(_c)); H(); }
    private void X() { CALLS }
    public void T1() { lock (_c) { lock ({|#0:_b|}) { {|#1:X()|}; } } }
    public void T2() { lock ({|#2:_a|}) { lock ({|#3:_b|}) { } } }
}".Replace("CALLS", calls), Verify.Warning("LD0010").WithLocation(3).WithLocation(1).WithLocation(2).WithLocation(0)
            .WithArguments("C._b taken while holding C._a at Test1.cs:13; C._a taken while holding C._b at Test1.cs:12, through X() → Q() → H() which takes it at Test1.cs:8"));

        [Fact]
        public Task AssertionInsideALockTakenThroughAReassignedLocal_IsNoPrecondition_Warns() => Verify.Diagnostics(GuardedCounterHead + @"
    public void Touch()
    {
        {|#0:_n|}++;
        var g = _h;
        g = _g;
        lock (g) { Debug.Assert(Monitor.IsEntered(_g)); }
    }
}", Verify.Warning("LD0008").WithLocation(0).WithArguments("Writing '_n'", "_g", "GuardedBy"));

        /// <summary>The project's own assert, on only while a switch is, and its own held test.</summary>
        private const string ProjectAssertHelpers = @"
public static class Check
{
    public static bool Enabled = true;
    public static void That(bool condition)
    {
        if (Enabled && !condition)
            throw new InvalidOperationException(""assertion failed"");
    }
}

public static class Gate
{
    public static bool IsEntered(object o) => Monitor.IsEntered(o);
}";

        [Fact]
        public Task ProjectsOwnAssertAndHeldTest_BehindTheirSwitch_AreAPrecondition_NoWarning() => Verify.Diagnostics(OwnerAndPartHead + @"
    public void Flush()
    {
        lock (this)
        {
            if (Check.Enabled) Check.That(Gate.IsEntered(_owner));
            _owner.Checkpoint();
        }
    }
}" + ProjectAssertHelpers);

        [Fact]
        public Task ACheckThatOnlyLogs_AssertsNothing_Warns() => Verify.Diagnostics(OwnerAndPartHead + @"
    public void Flush()
    {
        lock ({|#2:this|})
        {
            Log.Unless(Gate.IsEntered(_owner));
            {|#3:_owner.Checkpoint()|};
        }
    }
}

public static class Log
{
    public static void Unless(bool condition)
    {
        if (!condition)
            Console.WriteLine(""not held"");
    }
}" + ProjectAssertHelpers, Verify.Warning("LD0010").WithLocation(1).WithLocation(3).WithLocation(0).WithLocation(2)
            .WithArguments("Part taken while holding Owner at Test1.cs:16, through Flush() which takes it at Test1.cs:26; Owner taken while holding Part at Test1.cs:29, through Checkpoint() which takes it at Test1.cs:15"));

        /// <summary>A counter whose helper may run only under its gate, and says so through a property.</summary>
        private const string HeldPropertyHead = @"
using System;
using System.Diagnostics;
using System.Threading;

public sealed class Counter
{
    private readonly object _gate = new object();
    private int _count;
    public void Add() { lock (_gate) { _count++; } }
    public void AddTwo() { lock (_gate) { _count += 2; } }
    public void Reset() { lock (_gate) { _count = 0; } }
";

        [Fact]
        public Task HeldTestThroughAProperty_GuardsWhatFollows_NoWarning() => Verify.Diagnostics(HeldPropertyHead + @"
    public bool HeldByMe => Monitor.IsEntered(_gate);
    public void AddWhileHeld()
    {
        if (!HeldByMe) throw new InvalidOperationException(""take the gate first"");
        _count++;
    }
}");

        [Fact]
        public Task AssertionThroughAProperty_IsAPrecondition_NoWarning() => Verify.Diagnostics(HeldPropertyHead + @"
    public bool HeldByMe { get { return Monitor.IsEntered(_gate); } }
    public void AddWhileHeld()
    {
        Debug.Assert(HeldByMe);
        _count++;
    }
}");

        [Fact]
        public Task APropertyThatNegatesTheTest_IsNoHeldTest_Warns() => Verify.Diagnostics(HeldPropertyHead + @"
    public bool Free => !Monitor.IsEntered(_gate);
    public void AddWhileHeld()
    {
        if (!Free) throw new InvalidOperationException(""release the gate first"");
        {|#0:_count|}++;
    }
}", Verify.Warning("LD0013").WithLocation(0)
            .WithSpan("/0/Test1.cs", 10, 40, 10, 46).WithSpan("/0/Test1.cs", 11, 43, 11, 49).WithSpan("/0/Test1.cs", 12, 42, 12, 48)
            .WithArguments("_count", "written", "_gate", "3 other sites", "line 10"));
    }
}

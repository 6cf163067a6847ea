using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// A helper that runs under its caller's lock and lets a producer in for a moment (session 23, a messaging library's
    /// mailbox): it exits the lock and enters it again, or waits on it, and returns holding it as it was called.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        private const string MailboxHead = @"
using System.Collections.Generic;
using System.Threading;
internal sealed class Mailbox
{
    private readonly object _gate = new object();
    private readonly Queue<int> _items = new Queue<int>();

    public void Put(int x) { lock (_gate) { _items.Enqueue(x); Monitor.PulseAll(_gate); } }
";

        private const string TakeWhileHeld = @"
    private bool TakeHeld(int timeout, out int item)
    {
        if (_items.TryDequeue(out item)) return true;
        if (timeout == 0)
        {
            Monitor.Exit(_gate);
            Monitor.Enter(_gate);
        }
        else
        {
            Monitor.Wait(_gate, timeout);
        }
        return _items.TryDequeue(out item);
    }
}";

        [Fact]
        public Task HelperDropsAndRetakesItsCallersLock_NoWarning() => Verify.Diagnostics(MailboxHead + @"
    public int Poll(int timeout)
    {
        lock (_gate) { return TakeHeld(timeout, out var item) ? item : -1; }
    }
" + TakeWhileHeld);

        /// <summary>The twin: the helper needs the lock held, and this caller has already let it go.</summary>
        [Fact]
        public Task HelperDropsAndRetakes_CalledAfterTheLockIsReleased_Warns() => Verify.Diagnostics(MailboxHead + @"
    public int PollAfterClearing(int timeout)
    {
        lock (_gate) { _items.Clear(); }
        return {|#0:TakeHeld(timeout, out var item)|} ? item : -1;
    }
" + TakeWhileHeld, Verify.Warning("LD0008").WithLocation(0).WithArguments("'TakeHeld()'", "_gate", "Requires(\"_gate\")"));

        /// <summary>The twin: a helper that drops the caller's lock on one path and never takes it back is a release, and the caller's <c>lock</c> then exits a lock it no longer owns.</summary>
        [Fact]
        public Task HelperDropsItsCallersLockWithoutRetaking_Warns() => Verify.Diagnostics(MailboxHead + @"
    public int Poll(int timeout)
    {
        lock ({|#0:_gate|}) { return TakeHeld(timeout, out var item) ? item : -1; }
    }

    private bool TakeHeld(int timeout, out int item)
    {
        if (_items.TryDequeue(out item)) return true;
        if (timeout == 0)
        {
            Monitor.Exit(_gate);
            return false;
        }
        Monitor.Wait(_gate, timeout);
        return _items.TryDequeue(out item);
    }
}", Verify.Warning("LD0006").WithLocation(0).WithArguments("_gate"));

        /// <summary>The contract it is read as, offered as attributes; a mode-fixed pair is offered as an acquire and a release.</summary>
        [Fact]
        public Task HelperDropsAndRetakes_IsOfferedAsRequiresAndMayDrop() => Verify.DiagnosticsWithInferredContracts((MailboxHead + @"
    public int Poll(int timeout)
    {
        lock (_gate) { return TakeHeld(timeout, out var item) ? item : -1; }
    }
" + TakeWhileHeld).Replace("private bool TakeHeld(", "private bool {|#0:TakeHeld|}("),
            Verify.Hidden("LD0018").WithLocation(0).WithArguments("TakeHeld()", "needs its caller to hold '_gate' and lets go of '_gate' for a while",
                "[Requires(\"_gate\")], [MayDrop(\"_gate\")]"));
    }
}

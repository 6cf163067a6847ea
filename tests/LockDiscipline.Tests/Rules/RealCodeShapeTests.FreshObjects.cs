using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// Locks of an object made in the body and seen by nobody else (session 23, a database driver's side channel: a
    /// connector makes a second connector to send a cancel request, under its own cancel lock). The second object's
    /// locks are its own, so taking them orders nothing against the first's; shared objects still do.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        /// <summary>The class both sides share: <c>Break()</c> takes the clean-up lock, then the cancel lock, on one object.</summary>
        private const string SessionHead = @"
public sealed class Session
{
    private readonly object _cancelLock = new object();
    private object CleanupLock { get; } = new object();
    private Session? _peer;
    private readonly System.Collections.Generic.List<Session> _all = new System.Collections.Generic.List<Session>();

    public void Break()
    {
        lock ({|#3:CleanupLock|})
        {
            lock ({|#1:_cancelLock|}) { }
        }
    }

    private void SendCancelAndClose() { Close(); }

    private void Close() { lock (CleanupLock) { } }
";

        [Fact]
        public Task CallOnAFreshLocal_TakesItsOwnLocks_NoWarning() => Verify.Diagnostics(SessionHead + @"
    public void RequestCancel()
    {
        lock (_cancelLock)
        {
            var side = new Session();
            side.SendCancelAndClose();
        }
    }
}");

        [Fact]
        public Task CallOnANewExpression_NoWarning() => Verify.Diagnostics(SessionHead + @"
    public void RequestCancel()
    {
        lock (_cancelLock)
        {
            new Session().SendCancelAndClose();
        }
    }
}");

        [Fact]
        public Task LockOfAFreshLocal_TakenDirectly_NoWarning() => Verify.Diagnostics(SessionHead + @"
    public void RequestCancel()
    {
        lock (_cancelLock)
        {
            var side = new Session();
            lock (side.CleanupLock) { }
        }
    }
}");

        /// <summary>The twin: the same call on an object others can reach (a field) takes a shared lock.</summary>
        [Fact]
        public Task CallOnAField_TakesItsLocks_Warns() => Verify.Diagnostics(SessionHead + @"
    public void RequestCancel()
    {
        lock ({|#2:_cancelLock|})
        {
            {|#0:_peer!.SendCancelAndClose()|};
        }
    }
}", Verify.Warning("LD0010").WithLocation(1).WithLocation(0).WithLocation(3).WithLocation(2)
    .WithArguments("Session._cancelLock taken while holding Session.CleanupLock at Test1.cs:13; "
        + "Session.CleanupLock taken while holding Session._cancelLock at Test1.cs:25, through SendCancelAndClose() → Close() which takes it at Test1.cs:19"));

        /// <summary>The twin: a fresh object handed to a shared list before the call is no longer the body's alone.</summary>
        [Fact]
        public Task FreshLocalPublishedFirst_Warns() => Verify.Diagnostics(SessionHead + @"
    public void RequestCancel()
    {
        lock ({|#2:_cancelLock|})
        {
            var side = new Session();
            _all.Add(side);
            {|#0:side.SendCancelAndClose()|};
        }
    }
}", Verify.Warning("LD0010").WithLocation(1).WithLocation(0).WithLocation(3).WithLocation(2)
    .WithArguments("Session._cancelLock taken while holding Session.CleanupLock at Test1.cs:13; "
        + "Session.CleanupLock taken while holding Session._cancelLock at Test1.cs:27, through SendCancelAndClose() → Close() which takes it at Test1.cs:19"));

        /// <summary>The twin: a fresh helper that takes its creator's lock (a member of a member) orders that lock.</summary>
        [Fact]
        public Task FreshHelperTakesItsCreatorsLock_Warns() => Verify.Diagnostics(@"
public sealed class Owner
{
    private readonly object _cancelLock = new object();
    public readonly object CleanupLock = new object();

    public void Break()
    {
        lock ({|#3:CleanupLock|})
        {
            lock ({|#1:_cancelLock|}) { }
        }
    }

    public void RequestCancel()
    {
        lock ({|#2:_cancelLock|})
        {
            var helper = new Helper(this);
            {|#0:helper.Run()|};
        }
    }
}

public sealed class Helper
{
    private readonly Owner _owner;
    public Helper(Owner owner) { _owner = owner; }
    public void Run() { lock (_owner.CleanupLock) { } }
}", Verify.Warning("LD0010").WithLocation(1).WithLocation(0).WithLocation(3).WithLocation(2)
    .WithArguments("Owner._cancelLock taken while holding Owner.CleanupLock at Test1.cs:11; "
        + "Owner.CleanupLock taken while holding Owner._cancelLock at Test1.cs:20, through Run() which takes it at Test1.cs:29"));

        /// <summary>The twin: a lock field the fresh object did not make itself (assignable) may be anyone's.</summary>
        [Fact]
        public Task FreshObjectsLockIsAssignable_Warns() => Verify.Diagnostics(@"
public sealed class Session
{
    private readonly object _cancelLock = new object();
    public object CleanupLock = new object();

    public void Break()
    {
        lock ({|#3:CleanupLock|})
        {
            lock ({|#1:_cancelLock|}) { }
        }
    }

    private void Close() { lock (CleanupLock) { } }

    public void RequestCancel()
    {
        lock ({|#2:_cancelLock|})
        {
            var side = new Session();
            {|#0:side.Close()|};
        }
    }
}", Verify.Warning("LD0010").WithLocation(1).WithLocation(0).WithLocation(3).WithLocation(2)
    .WithArguments("Session._cancelLock taken while holding Session.CleanupLock at Test1.cs:11; "
        + "Session.CleanupLock taken while holding Session._cancelLock at Test1.cs:22, through Close() which takes it at Test1.cs:15"));

        /// <summary>
        /// The real deadlock in the shape of a messaging client's (session 23): starting a subscription holds its lock and
        /// calls into the connection, which takes the connection's; closing the connection holds that and closes each
        /// subscription, which takes the subscription's. Objects that others hold are not fresh: it must stay reported.
        /// </summary>
        [Fact]
        public Task SubscriptionStartAndConnectionClose_InOppositeOrders_Warns() => Verify.Diagnostics(@"
using System.Collections.Generic;
public sealed class Connection
{
    private readonly object _mu = new object();
    private readonly List<Subscription> _subs = new List<Subscription>();

    public Subscription Subscribe() { var s = new Subscription(this); lock (_mu) { _subs.Add(s); } return s; }

    internal void SendSubscribe(Subscription s) { lock (_mu) { } }

    public void Close()
    {
        lock ({|#2:_mu|})
        {
            foreach (var s in _subs) {|#0:s.Close()|};
        }
    }
}

public sealed class Subscription
{
    private readonly object _mu = new object();
    private readonly Connection _conn;
    private bool _started;

    public Subscription(Connection conn) { _conn = conn; }

    public void Start()
    {
        lock ({|#3:_mu|})
        {
            if (_started) return;
            _started = true;
            {|#1:_conn.SendSubscribe(this)|};
        }
    }

    internal void Close() { lock (_mu) { _started = false; } }
}", Verify.Warning("LD0010").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
    .WithArguments("Subscription._mu taken while holding Connection._mu at Test1.cs:16, through Close() which takes it at Test1.cs:39; "
        + "Connection._mu taken while holding Subscription._mu at Test1.cs:35, through SendSubscribe() which takes it at Test1.cs:10"));
    }
}

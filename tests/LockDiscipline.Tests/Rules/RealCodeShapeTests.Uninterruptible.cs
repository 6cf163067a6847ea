using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// An enter that cannot be interrupted (session 24, a search library's port: every one of its 350 critical sections
    /// goes through it): <c>Monitor.Enter</c> in a try whose catch of <c>ThreadInterruptedException</c> enters again in a
    /// loop and re-raises the interrupt afterwards. An exception thrown by the enter leaves the state before it, not
    /// after: the catch runs without the lock, so the helper is an acquire on every path.
    /// </summary>
    public partial class RealCodeShapeTests
    {
        private const string UninterruptibleHead = @"
using System.Threading;

internal static class Uninterruptible
{
    public static void Enter(object gate)
    {
        try
        {
            Monitor.Enter(gate);
        }
        catch (ThreadInterruptedException)
        {
            do
            {
                try
                {
                    Monitor.Enter(gate);
                    break;
                }
                catch (ThreadInterruptedException)
                {
                }
            }
            while (true);
            Thread.CurrentThread.Interrupt();
        }
    }

    public static void Exit(object gate) => Monitor.Exit(gate);
}

public sealed class Registry
{
    private int _count;
";

        [Fact]
        public Task UninterruptibleEnter_IsAnAcquire_BalancedCallerIsClean_NoWarning() => Verify.Diagnostics(UninterruptibleHead + @"
    public void Add()
    {
        Uninterruptible.Enter(this);
        try { _count++; }
        finally { Uninterruptible.Exit(this); }
    }
}");

        [Fact]
        public Task UninterruptibleEnter_CallerReturnsEarlyWithoutTheExit_Warns() => Verify.Diagnostics(UninterruptibleHead + @"
    public void Add(bool skip)
    {
        {|#0:Uninterruptible.Enter(this)|};
        if (skip) return;
        _count++;
        Uninterruptible.Exit(this);
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("this", 39, "'Add()'", "returns on some path"));

        /// <summary>An enter retried once in its catch: the critical section after it holds the lock on both ways in.</summary>
        private const string GaugeHead = @"
using System.Threading;

public sealed class Gauge
{
    private readonly object _gate = new object();
    private int _level;

    public void Raise()
    {
        try { ";

        [Fact]
        public Task EnterRetriedInTheCatchOfItsInterrupt_NoWarning() => Verify.Diagnostics(GaugeHead + @"Monitor.Enter(_gate); }
        catch (ThreadInterruptedException) { Monitor.Enter(_gate); }
        try { _level++; } finally { Monitor.Exit(_gate); }
    }
}");

        [Fact]
        public Task EnterInterrupted_CatchGoesOnWithoutTheLock_Warns() => Verify.Diagnostics(GaugeHead + @"{|#0:Monitor.Enter(_gate)|}; }
        catch (ThreadInterruptedException) { }
        try { {|#1:_level++;|} } finally { Monitor.Exit(_gate); }
    }
}", Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("_gate", 11, 13));

        /// <summary>
        /// A try-enter wrapper that reports through the caller's flag, as <c>Monitor.TryEnter(o, t, ref taken)</c> does: passing
        /// the flag on, or writing a try-enter's result into it (a reviewer's case, session 24). BODY is the wrapper's body.
        /// </summary>
        private const string FlagWrapperHead = @"
using System.Threading;

internal static class Gate
{
    public static void TryEnter(object gate, int milliseconds, ref bool taken) { BODY }

    public static void Exit(object gate) => Monitor.Exit(gate);
}

public sealed class Account
{
    private int _balance;
";

        private const string PassesTheFlagOn = "Monitor.TryEnter(gate, milliseconds, ref taken);";
        private const string AssignsTheFlag = "taken = Monitor.TryEnter(gate, milliseconds);";

        [Theory]
        [InlineData(PassesTheFlagOn)]
        [InlineData(AssignsTheFlag)]
        public Task TryEnterWrapperWithARefFlag_IsATryAcquire_CallerTestsTheFlag_NoWarning(string body) => Verify.Diagnostics(FlagWrapperHead.Replace("BODY", body) + @"
    public bool TryDeposit(int amount)
    {
        bool taken = false;
        try
        {
            Gate.TryEnter(this, 10, ref taken);
            if (!taken) return false;
            _balance += amount;
            return true;
        }
        finally
        {
            if (taken) Gate.Exit(this);
        }
    }
}");

        [Theory]
        [InlineData(PassesTheFlagOn)]
        [InlineData(AssignsTheFlag)]
        public Task TryEnterWrapperWithARefFlag_CallerKeepsItOnSuccess_Warns(string body) => Verify.Diagnostics(FlagWrapperHead.Replace("BODY", body) + @"
    public void Deposit(int amount)
    {
        bool taken = false;
        {|#0:Gate.TryEnter(this, 10, ref taken)|};
        if (!taken) return;
        _balance += amount;
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("this", 18, "'Deposit()'", "returns on some path"));

        /// <summary>
        /// A wrapper that takes the lock and then tells its caller it did not (session 24's helper case, L2_twin): nobody
        /// releases it. The paths leaving it hold the lock or not with the same flag, and that is LD0004's "on some path"
        /// (paths meeting at the exit are never an LD0007).
        /// </summary>
        [Fact]
        public Task TryEnterWrapperThatClearsTheFlagAfterTakingTheLock_Warns() => Verify.Diagnostics(FlagWrapperHead.Replace("BODY", "{|#0:Monitor.TryEnter(gate, milliseconds, ref taken)|}; taken = false;") + @"
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("gate", 6, "'TryEnter()'", "returns on some path"));

        /// <summary>A journal whose append runs under its gate, with an inner catch that rethrows; CATCH is what that catch does first.</summary>
        private const string RethrowingJournal = @"
using System;
using System.Threading;

public sealed class Journal
{
    private readonly object _gate = new object();
    private int _failures;

    public void Append()
    {
        {|#0:Monitor.Enter(_gate)|};
        try
        {
            try { Write(); }
            catch { CATCH; throw; }
            Monitor.Exit(_gate);
        }
        catch (Exception) { _failures++; }
    }

    private void Write() { }
}";

        /// <summary>An inner catch that gives the lock back and rethrows: the outer catch is entered without it.</summary>
        [Fact]
        public Task CatchReleasesAndRethrows_OuterCatchRunsWithoutTheLock_NoWarning() =>
            Verify.Diagnostics(RethrowingJournal.Replace("CATCH", "Monitor.Exit(_gate)").Replace("{|#0:Monitor.Enter(_gate)|}", "Monitor.Enter(_gate)"));

        [Fact]
        public Task CatchRethrowsWithoutReleasing_OuterCatchReturnsHoldingIt_Warns() => Verify.Diagnostics(RethrowingJournal.Replace("CATCH", "_failures++"),
            Verify.Warning("LD0004").WithLocation(0).WithArguments("_gate", 12, "'Append()'", "returns on some path"));
    }
}

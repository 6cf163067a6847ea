using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// What the exemptions of session 23 must not hide (found by review): an object handed out is not fresh, a lock
    /// a constructor may replace is not the object's own, a release skipped on an unrelated early exit is still a
    /// release, a flag written by deconstruction is not fixed; and incomplete code raises no exception.
    /// </summary>
    public class ExemptionLimitTests
    {
        private const string WorkerHead = @"
using System.Threading;
public sealed class Worker
{
    private readonly object _gate = new object();
    private readonly Owner _owner;
    public Worker(Owner owner) { _owner = owner; }
    public void Run() { lock (_gate) { _owner.Touch(); } }
    public void Stop() { lock (_gate) { } }
}
public sealed class Owner
{
    private readonly object _lock = new object();
    public void Touch() { lock (_lock) { } }
";

        [Fact]
        public Task FreshLocalHandedToAThreadAsAMethodGroup_Warns() => Verify.Diagnostics(WorkerHead + @"
    public void Go()
    {
        var w = new Worker(this);
        new Thread(w.Run).Start();
        lock (_lock) { w.Stop(); }
    }
}",
            Verify.Warning("LD0010").WithSpan("/0/Test1.cs", 20, 24, 20, 32).WithSpan("/0/Test1.cs", 8, 40, 8, 54).WithSpan("/0/Test1.cs", 20, 15, 20, 20).WithSpan("/0/Test1.cs", 8, 31, 8, 36).WithArguments("Worker._gate taken while holding Owner._lock at Test1.cs:20, through Stop() which takes it at Test1.cs:9; Owner._lock taken while holding Worker._gate at Test1.cs:8, through Touch() which takes it at Test1.cs:14"));

        [Fact]
        public Task FreshLocalCapturedByALambdaForAThread_Warns() => Verify.Diagnostics(WorkerHead + @"
    public void Go()
    {
        var w = new Worker(this);
        new Thread(() => w.Run()).Start();
        lock (_lock) { w.Stop(); }
    }
}",
            Verify.Warning("LD0010").WithSpan("/0/Test1.cs", 20, 24, 20, 32).WithSpan("/0/Test1.cs", 8, 40, 8, 54).WithSpan("/0/Test1.cs", 20, 15, 20, 20).WithSpan("/0/Test1.cs", 8, 31, 8, 36).WithArguments("Worker._gate taken while holding Owner._lock at Test1.cs:20, through Stop() which takes it at Test1.cs:9; Owner._lock taken while holding Worker._gate at Test1.cs:8, through Touch() which takes it at Test1.cs:14"));

        [Fact]
        public Task ConstructorStartsAThreadOnThis_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Worker
{
    private readonly object _gate = new object();
    private readonly Owner _owner;
    public Worker(Owner owner) { _owner = owner; new Thread(Run).Start(); }
    private void Run() { lock (_gate) { _owner.Touch(); } }
    public void Stop() { lock (_gate) { } }
}
public sealed class Owner
{
    private readonly object _lock = new object();
    public void Touch() { lock (_lock) { } }
    public void Go() { lock (_lock) { new Worker(this).Stop(); } }
}",
            Verify.Warning("LD0010").WithSpan("/0/Test1.cs", 15, 39, 15, 62).WithSpan("/0/Test1.cs", 8, 41, 8, 55).WithSpan("/0/Test1.cs", 15, 30, 15, 35).WithSpan("/0/Test1.cs", 8, 32, 8, 37).WithArguments("Worker._gate taken while holding Owner._lock at Test1.cs:15, through Stop() which takes it at Test1.cs:9; Owner._lock taken while holding Worker._gate at Test1.cs:8, through Touch() which takes it at Test1.cs:14"));

        [Fact]
        public Task LockFieldReplacedByTheConstructor_Warns() => Verify.Diagnostics(@"
public sealed class Session
{
    private readonly object _gate = new object();
    private readonly Owner _owner;
    public Session(Owner owner, object gate) { _owner = owner; _gate = gate; }
    public void Flush() { lock (_gate) { _owner.Touch(); } }
    public void Close() { lock (_gate) { } }
}
public sealed class Owner
{
    private readonly object _lock = new object();
    private readonly object _sessionsGate = new object();
    private readonly Session _main;
    public Owner() { _main = new Session(this, _sessionsGate); }
    public void Touch() { lock (_lock) { } }
    public void Flush() => _main.Flush();
    public void Go() { lock (_lock) { var s = new Session(this, _sessionsGate); s.Close(); } }
}",
            Verify.Warning("LD0010").WithSpan("/0/Test1.cs", 18, 81, 18, 90).WithSpan("/0/Test1.cs", 7, 42, 7, 56).WithSpan("/0/Test1.cs", 18, 30, 18, 35).WithSpan("/0/Test1.cs", 7, 33, 7, 38).WithArguments("Session._gate taken while holding Owner._lock at Test1.cs:18, through Close() which takes it at Test1.cs:8; Owner._lock taken while holding Session._gate at Test1.cs:7, through Touch() which takes it at Test1.cs:16"));

        [Fact]
        public Task ReleaseSkippedOnAnUnrelatedEarlyExit_IsStillARelease_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Res
{
    private readonly object _sync = new object();
    private bool _disposed;
    public void Acquire() { Monitor.Enter(_sync); }
    public void Release() { if (_disposed) return; Monitor.Exit(_sync); }
    public void Dispose() { _disposed = true; }
    public void Work()
    {
        Acquire();
        try { Release(); }
        finally { Release(); }
    }
    public void Stray() { Release(); }
}",
            Verify.Warning("LD0006").WithSpan("/0/Test1.cs", 14, 19, 14, 28).WithArguments("_sync"));

        [Fact]
        public Task StraightLineDropAndRetake_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Pump
{
    private readonly object _l = new object();
    public void Outer() { lock (_l) { Helper(); } }
    private void Helper() { Monitor.Exit(_l); Thread.Sleep(1); Monitor.Enter(_l); }
}");

        /// <summary>A socket whose mode <c>Flip()</c> changes between the lock and the unlock (spelled by the test).</summary>
        private const string SocketThatFlips = @"
using System.Threading;
public sealed class Sock
{
    private readonly object _sync = new object();
    private bool _threadSafe;
    private int _n;
    public Sock(bool threadSafe) { _threadSafe = threadSafe; }
    private void Flip() { FLIP }
    public void Send()
    {
        if (_threadSafe) Monitor.Enter(_sync);
        Flip();
        if (_threadSafe) Monitor.Exit(_sync);
    }
}";

        [Theory]
        [InlineData("(_threadSafe, _n) = (!_threadSafe, 0);")]
        [InlineData("_threadSafe = !_threadSafe; _n = 0;")]
        public Task FlagWrittenAfterConstruction_Warns(string flip) => Verify.Diagnostics(SocketThatFlips.Replace("FLIP", flip),
            Verify.Warning("LD0007").WithSpan("/0/Test1.cs", 12, 26, 12, 46).WithSpan("/0/Test1.cs", 13, 9, 13, 16).WithArguments("_sync", "12", "13"));

        [Fact]
        public Task FreshLocalRegisteredByAnExtensionMethod_Warns() => Verify.Diagnostics(WorkerHead + @"
    public void Go()
    {
        var w = new Worker(this);
        w.Register();
        lock (_lock) { w.Stop(); }
    }
}
public static class Registry
{
    public static readonly System.Collections.Generic.List<Worker> All = new System.Collections.Generic.List<Worker>();
    public static void Register(this Worker w) { lock (All) { All.Add(w); } }
    public static void Sweep() { foreach (var w in All) w.Run(); }
}",
            Verify.Warning("LD0010").WithSpan("/0/Test1.cs", 20, 24, 20, 32).WithSpan("/0/Test1.cs", 8, 40, 8, 54).WithSpan("/0/Test1.cs", 20, 15, 20, 20).WithSpan("/0/Test1.cs", 8, 31, 8, 36).WithArguments("Worker._gate taken while holding Owner._lock at Test1.cs:20, through Stop() which takes it at Test1.cs:9; Owner._lock taken while holding Worker._gate at Test1.cs:8, through Touch() which takes it at Test1.cs:14"));

        [Fact]
        public Task IncompleteCode_RaisesNoException() => Verify.Diagnostics(@"
using System;
using System.Threading;
public sealed class Half
{
    private readonly object _gate = new ;
    private bool _mode
    public Half(bool m) { _mode = m; }
    public void Lock() { if (_mode) Monitor.Enter(_gate); if (_gate != null) Monitor.TryEnter(_gate, TimeSpan.FromMilliseconds()); }
    public void Go()
    {
        lock (_gate)
        {
            var s = new ;
            s.Lock();
            var t = new Half(;
            t.Lock();
            new Half(true).Lock();
        }
    }
}",
            DiagnosticResult.CompilerError("CS1526").WithSpan("/0/Test1.cs", 6, 41, 6, 42),
            DiagnosticResult.CompilerError("CS1002").WithSpan("/0/Test1.cs", 7, 23, 7, 23),
            Verify.Warning("LD0004").WithSpan("/0/Test1.cs", 9, 37, 9, 57).WithArguments("_gate", "9", "'Lock()'", "returns on some path"),
            Verify.Warning("LD0004").WithSpan("/0/Test1.cs", 9, 78, 9, 130).WithArguments("_gate", "9", "'Lock()'", "returns on some path"),
            DiagnosticResult.CompilerError("CS7036").WithSpan("/0/Test1.cs", 9, 111, 9, 127).WithArguments("value", "System.TimeSpan.FromMilliseconds(double)"),
            DiagnosticResult.CompilerError("CS1526").WithSpan("/0/Test1.cs", 14, 25, 14, 26),
            DiagnosticResult.CompilerError("CS7036").WithSpan("/0/Test1.cs", 16, 25, 16, 29).WithArguments("m", "Half.Half(bool)"),
            DiagnosticResult.CompilerError("CS1026").WithSpan("/0/Test1.cs", 16, 30, 16, 31));
    }
}

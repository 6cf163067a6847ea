using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers;
using LockDiscipline.CodeFixes;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockDiscipline.Tests.CodeFixes
{
    /// <summary>The light-bulb fixes: each turns the code that fires into the patch's shape, which then raises nothing.</summary>
    public class CodeFixTests
    {
        private static Task VerifyFix<TFix>(string before, string after, bool compilationEnd = false)
            where TFix : CodeFixProvider, new()
        {
            var test = new CSharpCodeFixTest<LockFlowAnalyzer, TFix, DefaultVerifier>
            {
                ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
                // LD0002 has two descriptors: one in bodies, one (tagged CompilationEnd) for what the call graph shows.
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
                TestCode = before,
                FixedCode = after,
            };
            if (compilationEnd)
            {
                // A diagnostic of the compilation's end is not local to one document; the IDE fixes it from full-solution analysis.
                test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
            }

            if (typeof(TFix) != typeof(LD0018DeclareInferredContractCodeFix))
            {
                test.DisabledDiagnostics.Add("LD0018");
            }

            test.TestState.AdditionalReferences.Add(typeof(AcquiresAttribute).Assembly);
            test.FixedState.AdditionalReferences.Add(typeof(AcquiresAttribute).Assembly);
            test.TestState.Sources.Add(("Prelude.cs", Prelude.Source));
            test.FixedState.Sources.Add(("Prelude.cs", Prelude.Source));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task LD0013_Field_MarkedGuardedByTheInferredLock_AndTheUsingAdded() => VerifyFix<LD0013GuardedByCodeFix>(@"
using System.Collections.Generic;

class Registry
{
    private readonly object _gate = new object();

    // The names seen so far.
    private readonly List<string> _names = new List<string>();

    public void Add(string name) { lock (_gate) { _names.Add(name); } }

    public void Remove(string name) { lock (_gate) { _names.Remove(name); } }

    public void Clear() { {|LD0013:_names|}.Clear(); }
}", @"
using System.Collections.Generic;
using LockDiscipline;

class Registry
{
    private readonly object _gate = new object();

    // The names seen so far.
    [GuardedBy(""_gate"")]
    private readonly List<string> _names = new List<string>();

    public void Add(string name) { lock (_gate) { _names.Add(name); } }

    public void Remove(string name) { lock (_gate) { _names.Remove(name); } }

    public void Clear() { {|LD0008:_names|}.Clear(); }
}", compilationEnd: true);

        [Fact]
        public Task LD0013_AutoPropertyWithAnAttribute_StaticLock_UsingAlreadyThere() => VerifyFix<LD0013GuardedByCodeFix>(@"
using System;
using LockDiscipline;

static class Jobs
{
    private static readonly object Gate = new object();

    [Obsolete]
    private static int Running { get; set; }

    public static void Start() { lock (Gate) { Running++; } }

    public static void Stop() { lock (Gate) { Running--; } }

    public static void Reset() => {|LD0013:Running|} = 0;
}", @"
using System;
using LockDiscipline;

static class Jobs
{
    private static readonly object Gate = new object();

    [Obsolete]
    [GuardedBy(""Jobs.Gate"")]
    private static int Running { get; set; }

    public static void Start() { lock (Gate) { Running++; } }

    public static void Stop() { lock (Gate) { Running--; } }

    public static void Reset() => {|LD0008:Running|} = 0;
}", compilationEnd: true);

        [Fact]
        public Task LD0003_StructHandle_WrappedInIsNullCheck() => VerifyFix<LD0003NullHandleCodeFix>(@"
class C1
{
    void M()
    {
        var dst = Ptes.Get(1);
        Ptes.Unmap({|LD0003:dst|});
    }
}", @"
class C1
{
    void M()
    {
        var dst = Ptes.Get(1);
        if (!dst.IsNull)
        {
            Ptes.Unmap(dst);
        }
    }
}");

        [Fact]
        public Task LD0003_Reference_WrappedInNotNullCheck() => VerifyFix<LD0003NullHandleCodeFix>(@"
class C1
{
    void M()
    {
        var page = Ptes.Lookup(1);
        Ptes.Free({|LD0003:page|});
    }
}", @"
class C1
{
    void M()
    {
        var page = Ptes.Lookup(1);
        if (page != null)
        {
            Ptes.Free(page);
        }
    }
}");

        [Fact]
        public Task LD0002_CondResched_BecomesCondReschedLockOfTheHeldLock() => VerifyFix<LD0002CondReschedLockCodeFix>(@"
class C1
{
    void M(Outer mapping)
    {
        mapping.A.Lock();
        {|LD0002:Sched.CondResched()|};
        mapping.A.Unlock();
    }
}", @"
class C1
{
    void M(Outer mapping)
    {
        mapping.A.Lock();
        Sched.CondReschedLock(mapping.A);
        mapping.A.Unlock();
    }
}");

        [Fact]
        public Task LD0002_TwoSpinLocksHeld_NoSiblingFix() => VerifyFix<LD0002CondReschedLockCodeFix>(@"
class C1
{
    void M(Outer o, Inner i)
    {
        o.A.Lock();
        i.B.Lock();
        {|LD0002:Sched.CondResched()|};
        i.B.Unlock();
        o.A.Unlock();
    }
}", @"
class C1
{
    void M(Outer o, Inner i)
    {
        o.A.Lock();
        i.B.Lock();
        {|LD0002:Sched.CondResched()|};
        i.B.Unlock();
        o.A.Unlock();
    }
}");
    
        [Fact]
        public Task LD0004_EarlyReturn_BecomesTryFinally_AndTheOldReleaseGoes() => VerifyFix<LD0004ReleaseInFinallyCodeFix>(@"
class C1
{
    int M(Spin s, bool c)
    {
        {|LD0004:s.Lock()|};
        if (c) return 1;
        s.Unlock();
        return 0;
    }
}", @"
class C1
{
    int M(Spin s, bool c)
    {
        s.Lock();
        try
        {
            if (c) return 1;
            return 0;
        }
        finally
        {
            s.Unlock();
        }
    }
}");

        [Fact]
        public Task LD0004_DotNetReadLock_ReleasedInABranch_ReleasedInFinallyInstead() => VerifyFix<LD0004ReleaseInFinallyCodeFix>(@"
using System.Threading;
class C1
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

    int M(bool c)
    {
        {|LD0004:_rw.EnterReadLock()|};
        if (c)
        {
            _rw.ExitReadLock();
            return 1;
        }

        if (!c) return 2;
        _rw.ExitReadLock();
        return 0;
    }
}", @"
using System.Threading;
class C1
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

    int M(bool c)
    {
        _rw.EnterReadLock();
        try
        {
            if (c)
            {
                return 1;
            }

            if (!c) return 2;
            return 0;
        }
        finally
        {
            _rw.ExitReadLock();
        }
    }
}");
    
        [Fact]
        public Task LD0004_NotOffered_WhenTheReleaseIsNotKnown() => VerifyFix<LD0004ReleaseInFinallyCodeFix>(@"
using System.Threading;
class C1
{
    private SpinLock _spin = new SpinLock(false);

    void M(bool c)
    {
        var taken = false;
        {|LD0004:_spin.Enter(ref taken)|};
        if (c) _spin.Exit();
    }
}", @"
using System.Threading;
class C1
{
    private SpinLock _spin = new SpinLock(false);

    void M(bool c)
    {
        var taken = false;
        {|LD0004:_spin.Enter(ref taken)|};
        if (c) _spin.Exit();
    }
}");
    
        [Fact]
        public Task LD0001_BecomesTheTryLockAndReorderPattern_WhichRaisesNothing() => VerifyFix<LD0001TryLockAndReorderCodeFix>(@"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        {|LD0001:o.A.Lock()|};
        o.A.Unlock();
        i.B.Unlock();
    }
}", @"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        if (!o.A.TryLock())
        {
            i.B.Unlock();
            o.A.Lock();
            i.B.Lock();
        }
        o.A.Unlock();
        i.B.Unlock();
    }
}");

        [Fact]
        public Task LD0001_TwoLaterLocks_ReleasedInReverse_RetakenInOrder() => VerifyFix<LD0001TryLockAndReorderCodeFix>(@"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        i.C.Lock();
        {|LD0001:o.A.Lock()|};
        o.A.Unlock();
        i.C.Unlock();
        i.B.Unlock();
    }
}", @"
class C1
{
    void M(Outer o, Inner i)
    {
        i.B.Lock();
        i.C.Lock();
        if (!o.A.TryLock())
        {
            i.C.Unlock();
            i.B.Unlock();
            o.A.Lock();
            i.B.Lock();
            i.C.Lock();
        }
        o.A.Unlock();
        i.C.Unlock();
        i.B.Unlock();
    }
}");
    
        [Fact]
        public Task LD0001_OnNaiveFix3_GivesThePatch() 
        {
            // samples/PatchStory/04_NaiveFix_BlockingRelock.cs, on the reference model it runs on: the light
            // bulb turns its blocking relock into the patch's "trylock and perhaps reorder locks".
            var root = DirectRunner.RepoRoot;
            var naive = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "samples", "PatchStory", "04_NaiveFix_BlockingRelock.cs"));
            const string Relock = "mapping.ISharedLock.Lock(); // expect: LD0001";
            Assert.Contains(Relock, naive);
            var before = naive.Replace(Relock, "{|LD0001:mapping.ISharedLock.Lock()|}; // expect: LD0001");
            var indent = new string(' ', 24);
            var after = naive.Replace(Relock,
                "if (!mapping.ISharedLock.TryLock())\n" + indent + "{\n" +
                indent + "    mm.PageTableLock.Unlock();\n" +
                indent + "    mapping.ISharedLock.Lock();\n" +
                indent + "    mm.PageTableLock.Lock();\n" +
                indent + "} // expect: LD0001");

            var test = new CSharpCodeFixTest<LockFlowAnalyzer, LD0001TryLockAndReorderCodeFix, DefaultVerifier>
            {
                ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
                TestCode = before,
                FixedCode = after,
            };
            foreach (var state in new[] { test.TestState, test.FixedState })
            {
                state.AdditionalReferences.Add(typeof(AcquiresAttribute).Assembly);
                state.AdditionalReferences.Add(typeof(LockDiscipline.Graphs.LockGraph).Assembly);
                foreach (var file in System.IO.Directory.GetFiles(System.IO.Path.Combine(root, "reference", "LockDiscipline.Reference"), "*.cs", System.IO.SearchOption.AllDirectories))
                {
                    if (!file.Contains(System.IO.Path.DirectorySeparatorChar + "obj" + System.IO.Path.DirectorySeparatorChar))
                    {
                        state.Sources.Add((System.IO.Path.GetFileName(file), System.IO.File.ReadAllText(file)));
                    }
                }
            }

            return test.RunAsync(CancellationToken.None);
        }
    
        [Fact]
        public Task LD0001_NotOffered_WhenTheLockTypeHasNoTryAcquire() => VerifyFix<LD0001TryLockAndReorderCodeFix>(@"
using LockDiscipline;

[LockType(LockKind.Spin)]
public sealed class PlainLock
{
    [Acquires] public void Lock() { }
    [Releases] public void Unlock() { }
}

public sealed class First
{
    [AcquiredBefore(typeof(Second), nameof(Second.L))]
    public readonly PlainLock L = new PlainLock();
}

public sealed class Second
{
    public readonly PlainLock L = new PlainLock();
}

class C1
{
    void M(First a, Second b)
    {
        b.L.Lock();
        {|LD0001:a.L.Lock()|};
        a.L.Unlock();
        b.L.Unlock();
    }
}", @"
using LockDiscipline;

[LockType(LockKind.Spin)]
public sealed class PlainLock
{
    [Acquires] public void Lock() { }
    [Releases] public void Unlock() { }
}

public sealed class First
{
    [AcquiredBefore(typeof(Second), nameof(Second.L))]
    public readonly PlainLock L = new PlainLock();
}

public sealed class Second
{
    public readonly PlainLock L = new PlainLock();
}

class C1
{
    void M(First a, Second b)
    {
        b.L.Lock();
        {|LD0001:a.L.Lock()|};
        a.L.Unlock();
        b.L.Unlock();
    }
}");
    
        [Fact]
        public Task LD0018_WritesTheInferredAttributes_AndTheUsing() => VerifyFix<LD0018DeclareInferredContractCodeFix>(@"
using System.Threading;
public sealed class Latch
{
    private readonly object _gate = new object();
    public void {|LD0018:Lock|}() { Monitor.Enter(_gate); }
    public bool {|LD0018:TryLock|}() => Monitor.TryEnter(_gate);
}", @"
using System.Threading;
using LockDiscipline;
public sealed class Latch
{
    private readonly object _gate = new object();

    [Acquires(""_gate"")]
    public void Lock() { Monitor.Enter(_gate); }

    [TryAcquires(true, ""_gate"")]
    public bool TryLock() => Monitor.TryEnter(_gate);
}");

        [Fact]
        public Task LD0018_WritesAssertsHeldOnAHeldTestOfTheProjects() => VerifyFix<LD0018DeclareInferredContractCodeFix>(@"
using System.Threading;
public static class Gate
{
    public static bool {|LD0018:IsEntered|}(object gate) => Monitor.IsEntered(gate);
}", @"
using System.Threading;
using LockDiscipline;
public static class Gate
{
    [AssertsHeld(""gate"")]
    public static bool IsEntered(object gate) => Monitor.IsEntered(gate);
}");
    }
}

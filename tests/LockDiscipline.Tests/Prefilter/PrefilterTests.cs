using System.Linq;
using System.Threading.Tasks;
using System.Collections.Immutable;
using LockDiscipline.Analyzers;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockDiscipline.Tests.Prefilter
{
    /// <summary>
    /// The syntactic pre-filter: which bodies it lets through to binding and the flow analysis, and
    /// the calls that code makes without spelling the callee's name, through which a lock-free-looking
    /// body still sleeps (each checked end to end: the caller under a spin lock gets its LD0002).
    /// </summary>
    public class PrefilterTests
    {
        private const string Declarations = @"
using System;
using System.Collections.Generic;
using System.Linq;
using LockDiscipline;
using Guard = LockDiscipline.GuardedByAttribute;

public sealed class Table
{
    public readonly Spin Lock = new Spin();
    [GuardedBy(nameof(Lock))] public int Rows;
    public int Plain;
    public int Size { get; set; }
    [Obsolete] public int Old;
    [Guard(nameof(Lock))] public int Aliased;
}

[ScopedLock]
public sealed class SpinGuard : IDisposable
{
    private readonly Spin _s;
    [Acquires(""s"")] public SpinGuard(Spin s) { _s = s; s.Lock(); }
    public void Dispose() => _s.Unlock();
}

static class Helpers { public static int Twice(int x) => 2 * x; }

class Bodies
{
    SpinGuard? _g;
    int Arithmetic(int[] xs) { var t = 0; foreach (var x in xs) t += x * x; return t; }
    string Strings(int k) => string.Concat(""k"", k.ToString());
    int FrameworkCollections(List<int> l) { l.Sort(); return l.Count + l.Max(); }
    int AutoProperty(Table t) => t.Size + t.Plain;
    int SourceCall(int x) => Helpers.Twice(x);
    void LockStatement(object o) { lock (o) { } }
    async System.Threading.Tasks.Task Awaits(System.Threading.Tasks.Task t) { await t; }
    void AnnotatedCall(Spin s) { s.Lock(); s.Unlock(); }
    int GuardedField(Table t) => t.Rows;
    void BuiltIn(object o) { System.Threading.Monitor.Enter(o); }
    void ScopedGuard(Table t) { using (new SpinGuard(t.Lock)) { } }
    void ImplicitNew() { _g = new(null!); }
    void Query(int[] xs) { var q = from x in xs select x; }
    int OtherAttribute(Table t) => t.Old;
    int AliasedAttribute(Table t) => t.Aliased;
}
";

        [Theory]
        [InlineData("Arithmetic", false)]
        [InlineData("Strings", false)]
        [InlineData("FrameworkCollections", false)]
        [InlineData("AutoProperty", false)]
        // An unannotated method of the compilation is summarized on demand, when a caller holding a lock needs it.
        [InlineData("SourceCall", false)]
        [InlineData("LockStatement", true)]
        // An await suspends, but holds no lock of its own: it matters only where a lock is held, which the body spells.
        [InlineData("Awaits", false)]
        [InlineData("AnnotatedCall", true)]
        [InlineData("GuardedField", true)]
        [InlineData("BuiltIn", true)]
        [InlineData("ScopedGuard", true)]
        [InlineData("ImplicitNew", true)]
        [InlineData("Query", true)]
        // Only LockDiscipline's attributes make a member's name matter, however they are spelled.
        [InlineData("OtherAttribute", false)]
        [InlineData("AliasedAttribute", true)]
        public void Body_IsLetThrough_OnlyWhenItSpellsSomethingLockRelevant(string method, bool expected)
        {
            var compilation = DirectRunner.Compile(new[] { ("Bodies.cs", Declarations), ("Prelude.cs", Prelude.Source) });
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            var body = compilation.SyntaxTrees.First().GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
            var names = LockRelevantNames.For(compilation);
            Assert.Equal(expected, SyntacticPrefilter.MayMatter(body, names));
        }

        // A lock guard written without [ScopedLock] (its constructor takes a lock, its Dispose gives it back): a body
        // that makes one takes that lock, so it is analyzed; a disposable that takes no lock, or keeps no way to release
        // one, is no guard.
        [Theory]
        [InlineData("public Guard(object o) { _o = o; Monitor.Enter(o); } public void Dispose() { Monitor.Exit(_o); }", true)]
        [InlineData("public Guard(object o) : base() { _o = o; } public void Dispose() { }", false)]
        [InlineData("public Guard(object o) { _o = o; Monitor.Enter(o); } public void Dispose() { }", false)]
        public void BodyMakingAGuard_IsLetThrough_WhenTheGuardTakesALockAndGivesItBack(string members, bool expected)
        {
            var source = "using System; using System.Threading; sealed class Guard : IDisposable { private readonly object _o; " + members
                + " } class User { readonly object _a = new object(); int _n; void M() { using (new Guard(_a)) { _n++; } } }";
            var compilation = DirectRunner.Compile(new[] { ("A.cs", source.Replace(": base()", "")) });
            var body = compilation.SyntaxTrees.First().GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "M");
            Assert.Equal(expected, SyntacticPrefilter.MayMatter(body, LockRelevantNames.For(compilation)));
        }

        // LockAnnotationAnalyzer visits no symbol in a compilation whose source carries none of LockDiscipline's
        // attributes: every kind of declaration that can carry one must open that gate.
        [Theory]
        [InlineData("class C { }", false)]
        [InlineData("class C { [System.Obsolete] void M() { } [System.NonSerialized] int _n; }", false)]
        [InlineData("using LockDiscipline; class C { readonly object _g = new object(); [GuardedBy(\"_g\")] int _n; }", true)]
        [InlineData("using G = LockDiscipline.GuardedByAttribute; class C { readonly object _g = new object(); [G(\"_g\")] int _n; }", true)]
        [InlineData("using LockDiscipline; class C { void M([NonNullHandle] int x) { } }", true)]
        [InlineData("using LockDiscipline; class C { [Acquires(\"this\")] public static C operator +(C a, C b) => a; }", true)]
        [InlineData("using LockDiscipline; class C { [MightSleep] ~C() { } }", true)]
        [InlineData("using LockDiscipline; delegate void D([NonNullHandle] int x);", true)]
        [InlineData("using LockDiscipline; enum E { [GuardedBy(\"x\")] A }", true)]
        public void SourceCarriesAnnotations_SeesEveryDeclarationThatCanCarryOne(string source, bool expected)
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", source) });
            Assert.Equal(expected, LockRelevantNames.For(compilation).SourceCarriesAnnotations);
        }

        [Fact]
        public void AnnotationOnAnOperator_IsChecked_WhenNothingElseIsAnnotated()
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", "using LockDiscipline; class C { [Acquires(\"Gat\")] public static C operator +(C a, C b) => a; }") });
            var diagnostics = DirectRunner.Analyze(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new LockAnnotationAnalyzer()));
            var ld0100 = Assert.Single(diagnostics, d => d.Id == "LD0100");
            Assert.EndsWith("[Acquires] on 'op_Addition': 'Gat' is not 'this', a parameter, a field or property of 'C', or a type", ld0100.GetMessage());
        }

        // The text screen reads characters, not tokens: a body it clears must spell nothing the walk would find.
        [Theory]
        [InlineData("class C { int M(int x) { return x + 1; } }", "M", false)]
        [InlineData("class C { void M(object o) { lock (o) { } } }", "M", true)]
        [InlineData("class C { int M(int[] a) => a[0]; }", "M", true)]
        [InlineData("class C { object M() => from x in new int[0] select x; }", "M", true)]
        [InlineData("class C { void M(System.Threading.Mutex m) { m.WaitOne(); } }", "M", true)]
        [InlineData("class C { void M(System.Threading.Mutex m) { m.@WaitOne(); } }", "M", true)]
        [InlineData("class C { void M(System.Threading.Mutex m) { m.\\u0057aitOne(); } }", "M", true)]
        [InlineData("class C { int M(int x) { return x; } int N(int x\u200B) => x; }", "M", true)]
        [InlineData("class C { string S() => \"\\u0041\"; int M(int x) { return x + 1; } }", "M", false)]
        [InlineData("class C { char S() => '\\u0041'; int M(int x) { /* \\u0041 */ return x + 1; } // \u200B\n }", "M", false)]
        [InlineData("class C { string S() => $\"{\\u0041}\"; int M(int x) { return x + 1; } }", "M", true)]
        [InlineData("class C { string S() => \"\\u0041\"; void M(System.Threading.Mutex m) { m.\\u0057aitOne(); } }", "M", true)]
        public void TextScreen_LetsThrough_EveryBodyThatMaySpellSomethingRelevant(string source, string method, bool expected)
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", source) });
            var tree = compilation.SyntaxTrees.Single();
            var body = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
            var screen = TextScreen.For(tree, LockRelevantNames.For(compilation), default);
            Assert.Equal(expected, screen.MayMatter(body.Span));
        }

        [Fact]
        public Task EscapedName_StillReachesTheAnalysis() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s)
    {
        {|#0:s.\u004Cock()|};
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("s", 6, "'M()'", "returns"));

        [Fact]
        public Task VerbatimName_StillReachesTheAnalysis() => Verify.Diagnostics(@"
class C1
{
    void M(Spin s)
    {
        {|#0:s.@Lock()|};
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("s", 6, "'M()'", "returns"));

        [Fact]
        public Task CollectionInitializer_CallsASleepingAddItDoesNotSpell() => Verify.Diagnostics(@"
using System.Collections;
using System.Collections.Generic;

class Bag : IEnumerable<int>
{
    public void Add(int x) { Sched.CondResched(); }
    public IEnumerator<int> GetEnumerator() { yield break; }
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

class C1
{
    static object Fill() => new Bag { 1, 2 };

    void M(Spin s)
    {
        s.Lock();
        {|LD0002:Fill()|};
        s.Unlock();
    }
}");

        [Fact]
        public Task QueryExpression_CallsASleepingSelectItDoesNotSpell() => Verify.Diagnostics(@"
using System;

class Source
{
    public Source Select(Func<int, int> f) { Sched.CondResched(); return this; }
}

class C1
{
    static Source Project(Source s) => from x in s select x + 1;

    void M(Spin l, Source s)
    {
        l.Lock();
        {|LD0002:Project(s)|};
        l.Unlock();
    }
}");

        [Fact]
        public Task EditorConfigSleeper_ReachedThroughAnUnannotatedHelper() => new LockAnalyzerTest
        {
            TestState =
            {
                Sources = { @"
class C1
{
    static string Load() => System.IO.File.ReadAllText(""/tmp/x"");

    void M(Spin s)
    {
        s.Lock();
        {|LD0002:Load()|};
        s.Unlock();
    }
}" },
                AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n[*]\nlockdiscipline.might_sleep_methods = System.IO.File.ReadAllText\n") },
            },
        }.RunAsync();

        [Theory]
        [InlineData("System.Threading", true)]
        [InlineData("System.Threading.Tasks", true)]
        [InlineData("System.Runtime.CompilerServices", true)]
        [InlineData("System.Collections.Generic", true)]
        [InlineData("System", true)]
        [InlineData("System.Reactive.Linq", false)]
        [InlineData("System.Threading.Channels", false)]
        [InlineData("Systematic", false)]
        [InlineData("MyApp.System.Threading", false)]
        public void AMethodWithoutAttributes_MayCarryAContract_OnlyInTheNamespacesOfTheBuiltIns(string ns, bool expected)
        {
            // Spelled both ways: a namespace declaration, and one nested in another.
            var dot = ns.LastIndexOf('.');
            foreach (var source in new[]
            {
                $"namespace {ns} {{ class Worker {{ void Run() {{ }} }} }}",
                dot < 0 ? $"namespace {ns}; class Worker {{ void Run() {{ }} }}"
                        : $"namespace {ns.Substring(0, dot)} {{ namespace {ns.Substring(dot + 1)} {{ class Worker {{ void Run() {{ }} }} }} }}",
            })
            {
                var root = (CompilationUnitSyntax)Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot();
                var run = DeclaredCodeBlocks.In(root, null).Single(b => b.Declaration is MethodDeclarationSyntax);
                Assert.Equal(expected, run.MayCarryContract(annotationsVisible: true));
            }
        }

        [Fact]
        public Task ImplicitNew_OfAScopedGuard_HoldsItsLock() => Verify.Diagnostics(@"
using System;
using LockDiscipline;

[ScopedLock]
public sealed class SpinGuard : IDisposable
{
    private readonly Spin _s;
    [Acquires(""s"")] public SpinGuard(Spin s) { _s = s; s.Lock(); }
    public void Dispose() => _s.Unlock();
}

class C1
{
    void M(Spin s)
    {
        using (SpinGuard g = new(s))
        {
            {|LD0002:Sched.CondResched()|};
        }
    }
}");
    }
}

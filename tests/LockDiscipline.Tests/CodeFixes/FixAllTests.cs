using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.CodeFixes;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockDiscipline.Tests.CodeFixes
{
    /// <summary>
    /// Fix All, driven through the workspace API as the IDE and <c>dotnet format</c> drive it: a solution
    /// of two projects of two files each, every file with several diagnostics of the rule (some in
    /// one block or one statement, so that the fixes must compose) and one the fix cannot handle. Fix
    /// All in document, project and solution must fix exactly their scope, skip the one without a fix,
    /// leave code that compiles, and leave nothing the fix would offer to fix again.
    /// </summary>
    public class FixAllTests
    {
        private const string LD0001Source = @"
using LockDiscipline;

[LockType(LockKind.Spin)]
public sealed class PlainLock{0}
{{
    [Acquires] public void Lock() {{ }}
    [Releases] public void Unlock() {{ }}
}}

public sealed class First{0}
{{
    [AcquiredBefore(typeof(Second{0}), nameof(Second{0}.L))]
    public readonly PlainLock{0} L = new PlainLock{0}();
}}

public sealed class Second{0}
{{
    public readonly PlainLock{0} L = new PlainLock{0}();
}}

class Orders{0}
{{
    void One(Outer o, Inner i)
    {{
        i.B.Lock();
        o.A.Lock();
        o.A.Unlock();
        i.B.Unlock();
    }}

    void Two(Outer o, Inner i)
    {{
        i.B.Lock();
        i.C.Lock();
        o.A.Lock();
        o.A.Unlock();
        i.C.Unlock();
        i.B.Unlock();
    }}

    void NoTryLock(First{0} a, Second{0} b)
    {{
        b.L.Lock();
        a.L.Lock();
        a.L.Unlock();
        b.L.Unlock();
    }}
}}";

        private const string LD0002Source = @"
class Sleeps{0}
{{
    void Twice(Outer mapping)
    {{
        mapping.A.Lock();
        Sched.CondResched();
        Sched.CondResched();
        mapping.A.Unlock();
    }}

    void Other(Inner i)
    {{
        i.B.Lock();
        Sched.CondResched();
        i.B.Unlock();
    }}

    void TwoSpinLocksHeld(Outer o, Inner i)
    {{
        o.A.Lock();
        i.B.Lock();
        Sched.CondResched();
        i.B.Unlock();
        o.A.Unlock();
    }}
}}";

        private const string LD0003Source = @"
using LockDiscipline;

static class Copies{0}
{{
    public static void Copy([NonNullHandle] Pte to, [NonNullHandle] Pte from) {{ }}
}}

class Handles{0}
{{
    void Each()
    {{
        var a = Ptes.Get(1);
        var b = Ptes.Get(2);
        Ptes.Unmap(a);
        Ptes.Unmap(b);
    }}

    void BothInOneStatement()
    {{
        var a = Ptes.Get(1);
        var b = Ptes.Get(2);
        Copies{0}.Copy(a, b);
    }}

    void Reference()
    {{
        var page = Ptes.Lookup(3);
        Ptes.Free(page);
    }}

    int NotAStatement()
    {{
        var a = Ptes.Get(4);
        return Use(a);
    }}

    static int Use([NonNullHandle] Pte pte) => 0;
}}";

        private const string LD0004Source = @"
using System.Threading;

class Leaks{0}
{{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
    private SpinLock _spin = new SpinLock(false);

    int Early(Spin s, bool c)
    {{
        s.Lock();
        if (c) return 1;
        s.Unlock();
        return 0;
    }}

    int Nested(Spin s, SleepLock t, bool c)
    {{
        s.Lock();
        t.Lock();
        if (c) return 1;
        t.Unlock();
        s.Unlock();
        return 0;
    }}

    int Read(bool c)
    {{
        _rw.EnterReadLock();
        if (c)
        {{
            _rw.ExitReadLock();
            return 1;
        }}

        return 0;
    }}

    void UnknownRelease(bool c)
    {{
        var taken = false;
        _spin.Enter(ref taken);
        if (c) _spin.Exit();
    }}
}}";

        private const string LD0013Source = @"
class Counters{0}
{{
    private readonly object _gate = new object();
    private int _hits;
    private int Misses {{ get; set; }}
    private int _left, _right; // two in one declaration: no fix

    public void Hit() {{ lock (_gate) {{ _hits++; Misses++; _left++; _right++; }} }}

    public void Miss() {{ lock (_gate) {{ _hits--; Misses--; _left--; _right--; }} }}

    public void Reset() {{ _hits = 0; Misses = 0; _left = 0; }}

    public void Again() {{ _hits = 1; }}
}}";

        public static IEnumerable<object[]> Cases()
        {
            foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
            {
                yield return new object[] { "LD0001", scope };
                yield return new object[] { "LD0002", scope };
                yield return new object[] { "LD0003", scope };
                yield return new object[] { "LD0004", scope };
                yield return new object[] { "LD0013", scope };
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task FixAll_FixesItsScope_SkipsWhatHasNoFix_AndLeavesNothingFixable(string id, FixAllScope scope)
        {
            var (fixer, source) = id switch
            {
                "LD0001" => ((CodeFixProvider)new LD0001TryLockAndReorderCodeFix(), LD0001Source),
                "LD0002" => (new LD0002CondReschedLockCodeFix(), LD0002Source),
                "LD0003" => (new LD0003NullHandleCodeFix(), LD0003Source),
                "LD0013" => (new LD0013GuardedByCodeFix(), LD0013Source),
                _ => (new LD0004ReleaseInFinallyCodeFix(), LD0004Source),
            };
            Assert.Contains(id, fixer.FixableDiagnosticIds);
            Assert.NotNull(fixer.GetFixAllProvider());
            Assert.Contains(scope, fixer.GetFixAllProvider()!.GetSupportedFixAllScopes());

            using var workspace = new AdhocWorkspace();
            var solution = workspace.CurrentSolution;
            var projects = new List<ProjectId>();
            for (var p = 0; p < 2; p++)
            {
                var project = solution.AddProject($"P{p}", $"P{p}", LanguageNames.CSharp)
                    .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
                    .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
                    .WithMetadataReferences(References.Value)
                    .AddDocument("Prelude.cs", Prelude.Source).Project;
                for (var d = 0; d < 2; d++)
                {
                    project = project.AddDocument($"File{d}.cs", string.Format(source, $"{p}{d}")).Project;
                }

                projects.Add(project.Id);
                solution = project.Solution;
            }

            var before = await DiagnosticsAsync(solution, id);
            var fixableBefore = await FixableAsync(solution, before, fixer);
            // Every file has some that the fix handles and (except LD0003's whole-statement case) some it does not.
            foreach (var document in solution.Projects.SelectMany(p => p.Documents).Where(d => d.Name != "Prelude.cs"))
            {
                Assert.True(fixableBefore.Count(d => d.Location.SourceTree!.FilePath == document.FilePath || d.Location.SourceTree == document.GetSyntaxTreeAsync().Result) >= 2,
                    $"{document.Project.Name}/{document.Name}: fewer than two fixable {id}");
            }

            Assert.True(before.Length > fixableBefore.Count, $"no {id} without a fix in the batch");

            var first = solution.GetProject(projects[0])!.Documents.Single(d => d.Name == "File0.cs");
            var trigger = fixableBefore.First(d => d.Location.SourceTree == first.GetSyntaxTreeAsync().Result);
            var context = new FixAllContext(first, fixer, scope, EquivalenceKey(fixer), new[] { id }, new Provider(id), CancellationToken.None);
            var action = await fixer.GetFixAllProvider()!.GetFixAsync(context);
            Assert.NotNull(action);
            var operations = await action!.GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;

            // It compiles.
            foreach (var project in changed.Projects)
            {
                var compilation = (await project.GetCompilationAsync())!;
                var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, $"{project.Name} does not compile after Fix All {id} ({scope}):\n" + string.Join("\n", errors)
                    + "\n" + string.Join("\n----\n", project.Documents.Select(d => d.GetTextAsync().Result.ToString())));
            }

            // In its scope nothing fixable is left; outside its scope everything is as it was.
            var after = await DiagnosticsAsync(changed, id);
            var fixableAfter = await FixableAsync(changed, after, fixer);
            bool InScope(Document d) => scope switch
            {
                FixAllScope.Document => d.Id == first.Id,
                FixAllScope.Project => d.Project.Id == first.Project.Id,
                _ => true,
            };

            foreach (var document in changed.Projects.SelectMany(p => p.Documents).Where(d => d.Name != "Prelude.cs"))
            {
                var tree = await document.GetSyntaxTreeAsync();
                var left = fixableAfter.Count(d => d.Location.SourceTree == tree);
                var original = solution.GetDocument(document.Id)!;
                var originalTree = await original.GetSyntaxTreeAsync();
                if (InScope(document))
                {
                    Assert.True(left == 0, $"{document.Project.Name}/{document.Name}: {left} fixable {id} left after Fix All ({scope}):\n{await document.GetTextAsync()}");
                    Assert.NotEqual((await original.GetTextAsync()).ToString(), (await document.GetTextAsync()).ToString());
                    // What had no fix is still reported, skipped rather than lost or fatal.
                    Assert.Equal(before.Count(d => d.Location.SourceTree == originalTree) - fixableBefore.Count(d => d.Location.SourceTree == originalTree),
                        after.Count(d => d.Location.SourceTree == tree));
                }
                else
                {
                    Assert.Equal((await original.GetTextAsync()).ToString(), (await document.GetTextAsync()).ToString());
                }
            }
        }

        [Fact]
        public async Task FixAll_LD0004_NestedLeaksInOneBlock_ComposeIntoNestedTryFinally()
        {
            using var workspace = new AdhocWorkspace();
            var project = workspace.CurrentSolution.AddProject("P", "P", LanguageNames.CSharp)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
                .WithMetadataReferences(References.Value)
                .AddDocument("Prelude.cs", Prelude.Source).Project;
            var document = project.AddDocument("Leaks.cs", string.Format(LD0004Source, "")).WithFilePath("Leaks.cs");
            var fixer = new LD0004ReleaseInFinallyCodeFix();
            var context = new FixAllContext(document, fixer, FixAllScope.Document, EquivalenceKey(fixer), new[] { "LD0004" }, new Provider("LD0004"), CancellationToken.None);
            var action = await fixer.GetFixAllProvider().GetFixAsync(context);
            var changed = (await action!.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
            var text = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
            var nested = text.Substring(text.IndexOf("int Nested", StringComparison.Ordinal));
            nested = nested.Substring(0, nested.IndexOf("int Read", StringComparison.Ordinal));
            var expected = @"int Nested(Spin s, SleepLock t, bool c)
    {
        s.Lock();
        try
        {
            t.Lock();
            try
            {
                if (c) return 1;
                return 0;
            }
            finally
            {
                t.Unlock();
            }
        }
        finally
        {
            s.Unlock();
        }
    }";
            Assert.Equal(Normalize(expected), Normalize(nested.Trim()));
        }

        private static string Normalize(string text) => string.Join("\n", text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()));

        private static string EquivalenceKey(CodeFixProvider fixer) => fixer.GetType().Name;

        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new Lazy<ImmutableArray<MetadataReference>>(() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(typeof(AcquiresAttribute).Assembly.Location))
                .ToImmutableArray());

        private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Solution solution, string id)
        {
            var all = ImmutableArray.CreateBuilder<Diagnostic>();
            foreach (var project in solution.Projects)
            {
                all.AddRange(DirectRunner.Analyze((await project.GetCompilationAsync())!).Where(d => d.Id == id));
            }

            return all.ToImmutable();
        }

        /// <summary>The diagnostics for which the fix registers a light bulb.</summary>
        private static async Task<List<Diagnostic>> FixableAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CodeFixProvider fixer)
        {
            var fixable = new List<Diagnostic>();
            foreach (var diagnostic in diagnostics)
            {
                var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                if (actions.Count > 0)
                {
                    fixable.Add(diagnostic);
                }
            }

            return fixable;
        }

        /// <summary>The analyzers' diagnostics of one rule, per document and per project, as the IDE's diagnostic service gives them to Fix All.</summary>
        private sealed class Provider : FixAllContext.DiagnosticProvider
        {
            private readonly string _id;

            public Provider(string id) => _id = id;

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            {
                var tree = await document.GetSyntaxTreeAsync(cancellationToken);
                return (await GetProjectDiagnosticsAsync(document.Project, cancellationToken)).Where(d => d.Location.SourceTree == tree);
            }

            public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                DirectRunner.Analyze((await project.GetCompilationAsync(cancellationToken))!, cancellationToken).Where(d => d.Id == _id);

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                GetProjectDiagnosticsAsync(project, cancellationToken);
        }
    }
}

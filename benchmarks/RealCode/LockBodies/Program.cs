// LockBodies: a rough, syntax-only count of the method bodies of a C# source folder that touch a lock,
// and of how many of those have a branch between acquire and release.
//
//   dotnet run --project LockBodies.csproj -c Release -- <folder> [<folder> ...]
//
// Bodies: methods, constructors, destructors, operators, accessors, expression-bodied members, local
// functions, lambdas and anonymous methods; a nested local function or lambda is its own body and is
// not part of the body around it (the analyzers analyze it on its own too).
//
// Lock events (syntax only; receivers are matched by the names of fields, properties, locals and
// parameters declared anywhere in the folder with one of the lock types):
//   acquire: `lock (x)`; Monitor.Enter/TryEnter; x.Enter/TryEnter on a SpinLock or System.Threading.Lock;
//            x.Enter{Read,Write,UpgradeableRead}Lock / TryEnter...Lock; x.Wait/WaitAsync on a SemaphoreSlim;
//            x.WaitOne on a Mutex; x.EnterScope() on a Lock
//   release: Monitor.Exit; x.Exit on a SpinLock or Lock; x.Exit...Lock; x.Release on a SemaphoreSlim;
//            x.ReleaseMutex on a Mutex
// Region: for `lock (x) { ... }` its block; for explicit calls, the text from the first acquire to the
// last release of the body.
// Branch: inside a region (not counting nested bodies): if, switch (statement or expression), for,
// foreach, while, do, ?:, &&, ||, ??, ??=, ?., try, return, break, continue, goto, throw, yield, await.
// A return or throw that is the last statement of a lock block is its ordinary exit, not a branch.
// Implicit exception edges of ordinary calls are not counted.
// Structured (session 14): the whole body, not only its regions, is made of what a flow over the syntax tree,
// without a control-flow graph, would interpret as Roslyn's graph does: blocks, expression statements, local
// declarations, `lock`, `if`/`else`, `return`, `try`/`finally` without `catch`; and no expression that Roslyn's
// graph lowers into branches or captures (?:, &&, ||, ??, ??=, ?., switch and throw expressions, initializers,
// interpolated strings, `with`, patterns, lambdas). Each other body is counted under the first construct that
// keeps it out.
// Categories of a lock-touching body (first that applies):
//   split     - an acquire with no release in the same body, or a release with no acquire
//               (the pair is spread over several bodies, or the "lock" is a signal);
//   branching - some region has a branch;
//   straight  - every region is straight-line.
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

var folders = args.Length > 0 ? args : new[] { "." };
var trees = new List<SyntaxTree>();
foreach (var folder in folders)
{
    foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
    {
        var rel = Path.GetRelativePath(folder, file).Replace('\\', '/');
        if (rel.StartsWith("obj/") || rel.StartsWith("bin/") || rel.Contains("/obj/") || rel.Contains("/bin/")) continue;
        trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Preview), path: file));
    }
}

// names declared with a lock type
var kinds = new Dictionary<string, HashSet<string>>
{
    ["SemaphoreSlim"] = new(), ["Mutex"] = new(), ["SpinLock"] = new(), ["ReaderWriterLockSlim"] = new(), ["Lock"] = new(),
};
string? KindOf(TypeSyntax? t)
{
    if (t is null) return null;
    if (t is NullableTypeSyntax n) t = n.ElementType;
    var s = t is QualifiedNameSyntax q ? q.Right.Identifier.Text : t is IdentifierNameSyntax i ? i.Identifier.Text : null;
    return s is not null && kinds.ContainsKey(s) ? s : null;
}
foreach (var tree in trees)
{
    foreach (var node in tree.GetRoot().DescendantNodes())
    {
        switch (node)
        {
            case VariableDeclarationSyntax v when KindOf(v.Type) is { } k:
                foreach (var d in v.Variables) kinds[k].Add(d.Identifier.Text);
                break;
            case PropertyDeclarationSyntax p when KindOf(p.Type) is { } k:
                kinds[k].Add(p.Identifier.Text);
                break;
            case ParameterSyntax p when KindOf(p.Type) is { } k:
                kinds[k].Add(p.Identifier.Text);
                break;
        }
    }
}
bool Is(string kind, ExpressionSyntax receiver)
{
    var name = receiver switch
    {
        IdentifierNameSyntax i => i.Identifier.Text,
        MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
        MemberBindingExpressionSyntax b => b.Name.Identifier.Text,
        PostfixUnaryExpressionSyntax { Operand: var o } => o is IdentifierNameSyntax oi ? oi.Identifier.Text : o is MemberAccessExpressionSyntax om ? om.Name.Identifier.Text : null,
        _ => null,
    };
    return name is not null && kinds[kind].Contains(name);
}

// 0 = not a lock call, 1 = acquire, 2 = release
int Classify(InvocationExpressionSyntax inv)
{
    if (inv.Expression is not MemberAccessExpressionSyntax m) return 0;
    var name = m.Name.Identifier.Text;
    var recv = m.Expression;
    var isMonitor = recv.ToString() is "Monitor" or "System.Threading.Monitor" or "Threading.Monitor";
    switch (name)
    {
        case "Enter" or "TryEnter" when isMonitor || Is("SpinLock", recv) || Is("Lock", recv): return 1;
        case "Exit" when isMonitor || Is("SpinLock", recv) || Is("Lock", recv): return 2;
        case "EnterScope" when Is("Lock", recv): return 1;
        case "EnterReadLock" or "EnterWriteLock" or "EnterUpgradeableReadLock"
          or "TryEnterReadLock" or "TryEnterWriteLock" or "TryEnterUpgradeableReadLock": return 1;
        case "ExitReadLock" or "ExitWriteLock" or "ExitUpgradeableReadLock": return 2;
        case "Wait" or "WaitAsync" when Is("SemaphoreSlim", recv): return 1;
        case "Release" when Is("SemaphoreSlim", recv): return 2;
        case "WaitOne" when Is("Mutex", recv): return 1;
        case "ReleaseMutex" when Is("Mutex", recv): return 2;
    }
    return 0;
}

static bool IsBodyOwner(SyntaxNode n) => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
    or AnonymousFunctionExpressionSyntax
    || (n is ArrowExpressionClauseSyntax && n.Parent is PropertyDeclarationSyntax or IndexerDeclarationSyntax);

// descendants of a body, not entering nested bodies
static IEnumerable<SyntaxNode> Own(SyntaxNode owner) =>
    owner.DescendantNodes(n => n == owner || !IsBodyOwner(n)).Where(n => !IsBodyOwner(n) || n == owner);

// `lock (x) { ...; return v; }`: a return (or throw) that is the last statement of a lock block leaves the
// region by its only exit and is not a branch.
static bool IsTailExitOfLock(SyntaxNode n) =>
    n is ReturnStatementSyntax or ThrowStatementSyntax
    && ((n.Parent is BlockSyntax b && b.Parent is LockStatementSyntax && b.Statements.Last() == n) || n.Parent is LockStatementSyntax);

// An expression that branches inside itself (Roslyn's graph lowers it into blocks), or null.
static string? BranchingExpression(SyntaxNode n) => n switch
{
    ConditionalExpressionSyntax => "?:",
    BinaryExpressionSyntax b when b.IsKind(SyntaxKind.LogicalAndExpression) || b.IsKind(SyntaxKind.LogicalOrExpression) => "&&/||",
    BinaryExpressionSyntax b when b.IsKind(SyntaxKind.CoalesceExpression) => "??",
    AssignmentExpressionSyntax a when a.IsKind(SyntaxKind.CoalesceAssignmentExpression) => "??",
    ConditionalAccessExpressionSyntax => "?.",
    _ => null,
};

static string? BranchKind(SyntaxNode n) => BranchingExpression(n) ?? n switch
{
    IfStatementSyntax => "if",
    SwitchStatementSyntax or SwitchExpressionSyntax => "switch",
    ForStatementSyntax or ForEachStatementSyntax or ForEachVariableStatementSyntax or WhileStatementSyntax or DoStatementSyntax => "loop",
    TryStatementSyntax => "try",
    ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax
        or ThrowStatementSyntax or ThrowExpressionSyntax or YieldStatementSyntax => "exit",
    AwaitExpressionSyntax => "await",
    _ => null,
};

// What keeps a body out of the structured shapes: the first construct found in it, or null if none does.
static string? NotStructured(SyntaxNode owner, List<SyntaxNode> own)
{
    foreach (var n in own)
    {
        if (n == owner) continue;
        var why = n switch
        {
            LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } => "using",
            BlockSyntax or ExpressionStatementSyntax or LocalDeclarationStatementSyntax or LockStatementSyntax
                or IfStatementSyntax or ElseClauseSyntax or ReturnStatementSyntax or EmptyStatementSyntax => null,
            TryStatementSyntax t => t.Catches.Count > 0 ? "catch" : t.Finally is null ? "try" : null,
            FinallyClauseSyntax => null,
            StatementSyntax => n.Kind() switch
            {
                SyntaxKind.ForStatement or SyntaxKind.ForEachStatement or SyntaxKind.ForEachVariableStatement
                    or SyntaxKind.WhileStatement or SyntaxKind.DoStatement => "loop",
                SyntaxKind.UsingStatement => "using",
                SyntaxKind.SwitchStatement => "switch",
                SyntaxKind.ThrowStatement => "throw",
                SyntaxKind.LocalFunctionStatement => "local function",
                _ => "other statement",
            },
            ExpressionSyntax e when BranchingExpression(e) is { } branching => branching,
            SwitchExpressionSyntax => "switch",
            ThrowExpressionSyntax => "throw",
            InitializerExpressionSyntax or WithExpressionSyntax or AnonymousObjectCreationExpressionSyntax => "initializer",
            InterpolatedStringExpressionSyntax => "interpolated string",
            PatternSyntax or IsPatternExpressionSyntax => "pattern",
            AnonymousFunctionExpressionSyntax => "lambda",
            TupleExpressionSyntax => "tuple",
            _ => null,
        };
        if (why is not null) return why;
    }

    return null;
}

// LOCKBODIES_LIST=1 prints each lock-touching body's category and place on stderr (for spot checks).
var list = Environment.GetEnvironmentVariable("LOCKBODIES_LIST") == "1";
void Note(string cat, SyntaxNode owner, IEnumerable<string>? kinds = null)
{
    if (list) Console.Error.WriteLine($"{cat}\t{owner.SyntaxTree.FilePath}:{owner.GetLocation().GetLineSpan().StartLinePosition.Line + 1}\t{string.Join(",", kinds ?? [])}");
}
int bodies = 0, touching = 0, straight = 0, branching = 0, split = 0, lockStmtOnly = 0, lockStmtOnlyStraight = 0, structured = 0;
var branchKinds = new SortedDictionary<string, int>();
var notStructured = new SortedDictionary<string, int>();
foreach (var tree in trees)
{
    foreach (var owner in tree.GetRoot().DescendantNodes().Where(IsBodyOwner))
    {
        if (owner is BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null } or AccessorDeclarationSyntax { Body: null, ExpressionBody: null }) continue;
        bodies++;
        var own = Own(owner).ToList();
        var locks = own.OfType<LockStatementSyntax>().ToList();
        var calls = own.OfType<InvocationExpressionSyntax>().Select(i => (i, k: Classify(i))).Where(x => x.k != 0).ToList();
        if (locks.Count == 0 && calls.Count == 0) continue;
        touching++;
        if (NotStructured(owner, own) is { } why) notStructured[why] = notStructured.GetValueOrDefault(why) + 1;
        else structured++;
        var acq = calls.Where(c => c.k == 1).ToList();
        var rel = calls.Where(c => c.k == 2).ToList();
        if ((acq.Count > 0) != (rel.Count > 0)) { split++; Note("split", owner); continue; }
        var regions = locks.Select(l => l.Statement.Span).ToList();
        if (acq.Count > 0)
            regions.Add(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(acq.Min(a => a.i.SpanStart), rel.Max(r => r.i.Span.End)));
        var kindsHere = own.Where(n => regions.Any(r => r.Contains(n.Span)) && !IsTailExitOfLock(n))
            .Select(BranchKind).Where(k => k is not null).Select(k => k!).Distinct().ToList();
        var onlyLockStmt = acq.Count == 0;
        if (onlyLockStmt) lockStmtOnly++;
        if (kindsHere.Count == 0) { straight++; if (onlyLockStmt) lockStmtOnlyStraight++; Note("straight", owner); }
        else
        {
            branching++;
            Note("branching", owner, kindsHere);
            foreach (var k in kindsHere) branchKinds[k] = branchKinds.GetValueOrDefault(k) + 1;
        }
    }
}
Console.WriteLine(JsonSerializer.Serialize(new
{
    folders, files = trees.Count, bodies, lock_touching_bodies = touching,
    straight_line = straight, branching, split,
    straight_share_of_touching = touching == 0 ? 0 : Math.Round((double)straight / touching, 3),
    lock_statement_only_bodies = lockStmtOnly, lock_statement_only_straight = lockStmtOnlyStraight,
    bodies_with_branch_kind = branchKinds,
    structured_bodies = structured,
    structured_share_of_touching = touching == 0 ? 0 : Math.Round((double)structured / touching, 3),
    not_structured_first_reason = notStructured,
}, new JsonSerializerOptions { WriteIndented = true }));

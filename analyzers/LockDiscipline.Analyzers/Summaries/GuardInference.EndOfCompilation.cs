using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockDiscipline.Analyzers.Prefilter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace LockDiscipline.Analyzers.Summaries
{
    internal sealed partial class GuardInference
    {
        /// <summary>The work of the compilation's end: binding, on demand, only what a verdict needs.</summary>
        private sealed partial class EndOfCompilation
        {
            private readonly GuardInference _log;
            private readonly Compilation _compilation;
            private readonly Func<SyntaxTree, bool> _reportReads;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<SyntaxTree, SemanticModel> _models = new Dictionary<SyntaxTree, SemanticModel>();
            private readonly SpelledNames _spelled;

            public EndOfCompilation(GuardInference log, Compilation compilation, Func<SyntaxTree, bool> reportReads, CancellationToken cancellationToken)
            {
                _log = log;
                _compilation = compilation;
                _reportReads = reportReads;
                _cancellationToken = cancellationToken;
                _spelled = new SpelledNames(cancellationToken);
            }

            public void Judge(ISymbol member, List<Site> sites, List<InconsistentAccess> verdicts)
            {
                // Most members fail here: the guarded sites are collected in a loop and sorted only when they can count.
                var guarded = new List<Site>();
                var guardedWrite = false;
                foreach (var site in sites)
                {
                    if (site.Protecting.Count > 0)
                    {
                        guarded.Add(site);
                        guardedWrite |= site.IsWrite;
                    }
                }

                if (guarded.Count < 2 || !guardedWrite || !InTwoMethods(guarded))
                {
                    return;
                }

                guarded = guarded.OrderBy(s => s.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(s => s.Location.SourceSpan.Start).ToList();

                // Eraser's candidate set: the locks every guarded access holds (in the mode it needs).
                var common = guarded[0].Protecting.Select(h => h.Path).ToList();
                foreach (var site in guarded.Skip(1))
                {
                    var protecting = site.Protecting;
                    common.RemoveAll(path => !protecting.Any(h => h.Path.Equals(path)));
                }

                if (common.Count == 0)
                {
                    return;
                }

                var guard = common.OrderBy(p => p.ToString(), StringComparer.Ordinal).First();
                var takenAt = guarded[0].Protecting.First(h => h.Path.Equals(guard)).TakenAt;
                if (!takenAt.IsInSource)
                {
                    takenAt = guarded[0].Location;
                }

                var guardedLocations = guarded.Select(s => s.Location).ToList();
                var unguarded = sites
                    .Where(s => s.Protecting.Count == 0 && s.Method is not null && s.HoldsNothingBut(common))
                    .Select(s => (s.Location, s.Kind, s.Method!))
                    .Concat(ColdSites(member))
                    .ToList();
                foreach (var (location, kind, method) in unguarded)
                {
                    if (kind == AccessKind.Read && (!_reportReads(location.SourceTree!) || WrittenUnderTheLockIn(method, guarded)))
                    {
                        continue;
                    }

                    // Its callers' locks count: one of them, or another lock (as for an access under another lock),
                    // protects it; only the read side of the guard, for a write, does not.
                    var write = kind is AccessKind.Write or AccessKind.Mutate;
                    if (EndsOrBeginsLife(method)
                        || BeforeThisEscapes(location.SourceTree!.GetRoot(_cancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true), tree: location.SourceTree)
                        || InheritedLocks(method) is { } inherited
                            && (ReferenceEquals(inherited, AllLocks) || inherited.Any(h => h.Exclusive || !write || !common.Contains(h.Path))))
                    {
                        continue;
                    }

                    verdicts.Add(new InconsistentAccess(member, location, kind, guard, takenAt, guardedLocations));
                }
            }

            /// <summary>
            /// The evidence that a lock guards a member is that its accesses take it in more than one place: accesses
            /// under a lock in one method only (a counter bumped inside a critical section taken for something else)
            /// say what that section touches, not that the member needs the lock everywhere else.
            /// </summary>
            private static bool InTwoMethods(List<Site> guarded)
            {
                // A site in a lambda or local function has no method of its own: it counts with the method around it,
                // which has sites of its own or not at all (then it is no evidence of another place).
                IMethodSymbol? first = null;
                foreach (var site in guarded)
                {
                    if (site.Method is null)
                    {
                        continue;
                    }

                    if (first is null)
                    {
                        first = site.Method;
                    }
                    else if (!SymbolEqualityComparer.Default.Equals(site.Method, first))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>Double-checked locking: the method that writes the member under the lock reads it outside first.</summary>
            private static bool WrittenUnderTheLockIn(IMethodSymbol method, List<Site> guarded) =>
                guarded.Any(s => s.IsWrite && s.Method is not null && SymbolEqualityComparer.Default.Equals(s.Method, method));

            /// <summary>The member's accesses in bodies the flow did not analyze (they hold no lock), bound only where they may count.</summary>
            private IEnumerable<(Location, AccessKind, IMethodSymbol)> ColdSites(ISymbol member)
            {
                foreach (var (name, tree) in Mentions(member))
                {
                    var expression = MemberAccesses.SpelledReference(name);
                    if (!MemberAccesses.MayWrite(expression) && !_reportReads(tree))
                    {
                        continue;
                    }

                    var model = ModelOf(tree);
                    if (model.GetEnclosingSymbol(expression.SpanStart, _cancellationToken) is not IMethodSymbol method
                        || method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.AnonymousFunction or MethodKind.LocalFunction
                        || _log._services.Contracts.For(method).NoLockAnalysis)
                    {
                        continue;
                    }

                    var operation = model.GetOperation(expression, _cancellationToken);
                    if (operation is null || MemberAccesses.InCodeWithErrors(expression) || InInvalidCode(operation)
                        || !SymbolEqualityComparer.Default.Equals(MemberAccesses.MemberOfThis(operation), member)
                        || MemberAccesses.Classify(operation) is not { } kind)
                    {
                        continue;
                    }

                    yield return (expression.GetLocation(), kind, method.OriginalDefinition);
                }
            }

            /// <summary>True when the statement around <paramref name="operation"/> does not bind (code being typed).</summary>
            private static bool InInvalidCode(IOperation operation)
            {
                var statement = operation;
                while (statement.Parent is { } parent && statement.Syntax is not StatementSyntax)
                {
                    statement = parent;
                }

                return statement.DescendantsAndSelf().Any(o => o is IInvalidOperation);
            }

            /// <summary>
            /// Where <paramref name="symbol"/>'s name is spelled in the text of its outermost type, outside the
            /// bodies the flow analyzed, generated code, constructors, initializers, lambdas and local functions.
            /// </summary>
            private IEnumerable<(SimpleNameSyntax, SyntaxTree)> Mentions(ISymbol symbol)
            {
                var outermost = symbol.ContainingType;
                while (outermost?.ContainingType is { } outer)
                {
                    outermost = outer;
                }

                foreach (var reference in outermost?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
                {
                    var tree = reference.SyntaxTree;
                    if (!_log._seenTrees.ContainsKey(tree))
                    {
                        continue;
                    }

                    foreach (var name in _spelled.In(reference.GetSyntax(_cancellationToken), symbol.Name, at => DeepInFlowBody(tree, at)))
                    {
                        if (!MemberAccesses.InConstructorInitializerOrNestedFunction(name) && !InFlowBody(name))
                        {
                            yield return (name, tree);
                        }
                    }
                }
            }

            private Dictionary<SyntaxTree, List<TextSpan>>? _flowBodySpans;

            /// <summary>
            /// True when a body the flow analyzed starts more than a character before <paramref name="position"/> and ends
            /// after the next: a name there (verbatim or not, generic or not) is a node below the body, so
            /// <see cref="InFlowBody"/> would say true of it. Asked before the name's node is looked up.
            /// </summary>
            private bool DeepInFlowBody(SyntaxTree tree, int position)
            {
                foreach (var body in FlowBodySpansIn(tree))
                {
                    if (body.Start < position - 1 && position + 1 < body.End)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// True inside a body the flow analyzed. Bodies nest properly, so a name inside a body's span is below
            /// it: one scan of its tree's few body spans, rather than a lookup per ancestor.
            /// </summary>
            private bool InFlowBody(SyntaxNode node)
            {
                foreach (var body in FlowBodySpansIn(node.SyntaxTree))
                {
                    if (body.Contains(node.Span) && body != node.Span)
                    {
                        return true;
                    }
                }

                return false;
            }

            private static readonly List<TextSpan> NoBodies = new List<TextSpan>();

            private List<TextSpan> FlowBodySpansIn(SyntaxTree tree)
            {
                if (_flowBodySpans is null)
                {
                    _flowBodySpans = new Dictionary<SyntaxTree, List<TextSpan>>();
                    foreach (var (bodyTree, span) in _log._flowBodies.Keys)
                    {
                        if (!_flowBodySpans.TryGetValue(bodyTree, out var spans))
                        {
                            _flowBodySpans[bodyTree] = spans = new List<TextSpan>();
                        }

                        spans.Add(span);
                    }
                }

                return _flowBodySpans.TryGetValue(tree, out var bodies) ? bodies : NoBodies;
            }

            /// <summary>
            /// The driver's model where it was kept; for a tree it never showed, one model of our own for the whole judge.
            /// Kept here, strongly, for the judge's length: <see cref="Flow.AnalysisServices"/> holds its models weakly,
            /// and only for the trees the driver showed.
            /// </summary>
            private SemanticModel ModelOf(SyntaxTree tree)
            {
                if (!_models.TryGetValue(tree, out var model))
                {
                    _models[tree] = model = _log._services.ModelOf(tree);
                }

                return model;
            }

            /// <summary>
            /// The object's setup, before it is shared: <paramref name="site"/> is followed, in its method's body, by
            /// a statement that lets <c>this</c> escape — passes it on, captures it in a lambda, or calls a method of
            /// the object that does (two calls deep). Until then no other thread can reach the object (RacerD's
            /// ownership: an object not yet escaped is owned by the thread that made it), as in a constructor.
            /// </summary>
            private bool BeforeThisEscapes(SyntaxNode site, SyntaxTree tree)
            {
                var statement = site.FirstAncestorOrSelf<StatementSyntax>(s => s.Parent is BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax });
                if (statement?.Parent is not BlockSyntax body)
                {
                    return false;
                }

                var model = ModelOf(tree);
                return body.Statements.SkipWhile(s => s != statement).Skip(1).Any(s => LetsThisEscape(s, model, 0));
            }

            private readonly Dictionary<IMethodSymbol, bool> _escapes = new Dictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

            private bool LetsThisEscape(SyntaxNode code, SemanticModel model, int depth)
            {
                foreach (var node in code.DescendantNodesAndSelf())
                {
                    switch (node)
                    {
                        case ThisExpressionSyntax when node.Parent is not MemberAccessExpressionSyntax access || access.Expression != node:
                            return true;
                        case AnonymousFunctionExpressionSyntax lambda when !lambda.Modifiers.Any(m => m.ValueText == "static"):
                            return true;
                        case InvocationExpressionSyntax invocation when depth < 2
                            && invocation.Expression is SimpleNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax }:
                            if (model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol { IsStatic: false } callee && CalleeLetsThisEscape(callee.OriginalDefinition, depth))
                            {
                                return true;
                            }

                            break;
                    }
                }

                return false;
            }

            private bool CalleeLetsThisEscape(IMethodSymbol callee, int depth)
            {
                if (_escapes.TryGetValue(callee, out var known))
                {
                    return known;
                }

                _escapes[callee] = false;
                var escapes = false;
                foreach (var reference in callee.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(_cancellationToken) is BaseMethodDeclarationSyntax { } declaration
                        && (declaration.Body ?? (SyntaxNode?)declaration.ExpressionBody) is { } body
                        && _compilation.ContainsSyntaxTree(reference.SyntaxTree))
                    {
                        escapes |= LetsThisEscape(body, ModelOf(reference.SyntaxTree), depth + 1);
                    }
                }

                return _escapes[callee] = escapes;
            }

            /// <summary>A constructor, a <c>Dispose</c> method or a finalizer: the object is not shared yet, or no longer.</summary>
            public static bool EndsOrBeginsLife(IMethodSymbol method) =>
                method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor
                || (method.MethodKind == MethodKind.Ordinary && method.Name is "Dispose" or "DisposeAsync");
        }
    }
}

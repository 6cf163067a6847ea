using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
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
        private sealed class EndOfCompilation
        {
            private readonly GuardInference _log;
            private readonly Compilation _compilation;
            private readonly Func<SyntaxTree, bool> _reportReads;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<SyntaxTree, SemanticModel> _models = new Dictionary<SyntaxTree, SemanticModel>();
            private readonly SpelledNames _spelled;
            private readonly Dictionary<IMethodSymbol, List<(LockPath Path, bool Exclusive)>?> _inherited =
                new Dictionary<IMethodSymbol, List<(LockPath, bool)>?>(SymbolEqualityComparer.Default);

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
                var guarded = sites.Where(s => s.Protecting.Count > 0).OrderBy(s => s.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(s => s.Location.SourceSpan.Start).ToList();
                if (guarded.Count < 2 || !guarded.Any(s => s.IsWrite))
                {
                    return;
                }

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
                    if (operation is null || MemberAccesses.InCodeWithErrors(expression) || InInvalidCode(operation) || !SymbolEqualityComparer.Default.Equals(
                            MemberAccesses.WatchedMember(operation, ImmutableHashSet.Create<ISymbol>(SymbolEqualityComparer.Default, member)), member)
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

                    foreach (var name in _spelled.In(reference.GetSyntax(_cancellationToken), symbol.Name))
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
            /// True inside a body the flow analyzed. Bodies nest properly, so a name inside a body's span is below
            /// it: one scan of its tree's few body spans, rather than a lookup per ancestor.
            /// </summary>
            private bool InFlowBody(SyntaxNode node)
            {
                if (_flowBodySpans is null)
                {
                    _flowBodySpans = new Dictionary<SyntaxTree, List<TextSpan>>();
                    foreach (var (tree, span) in _log._flowBodies.Keys)
                    {
                        if (!_flowBodySpans.TryGetValue(tree, out var spans))
                        {
                            _flowBodySpans[tree] = spans = new List<TextSpan>();
                        }

                        spans.Add(span);
                    }
                }

                if (_flowBodySpans.TryGetValue(node.SyntaxTree, out var bodies))
                {
                    foreach (var body in bodies)
                    {
                        if (body.Contains(node.Span) && body != node.Span)
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            private SemanticModel ModelOf(SyntaxTree tree)
            {
                if (!_models.TryGetValue(tree, out var model))
                {
                    _models[tree] = model = _compilation.GetSemanticModel(tree);
                }

                return model;
            }

            /// <summary>
            /// The locks every call of a method that is not public holds: the callers' locks count in its body.
            /// A call from a constructor, a <c>Dispose</c> method or a finalizer of the same object holds them all
            /// (it is not shared yet, or no longer); a recursive call, or an override's <c>base.M()</c>, runs where
            /// the method itself is called. A caller that is not public itself passes on what its own callers hold:
            /// the greatest fixpoint over at most <see cref="MaxHelpers"/> such methods (helpers that call each
            /// other included). Null: nothing is known to be held (a public method, one never called, or one used
            /// as a delegate); <see cref="AllLocks"/>: only called where the object is not shared.
            /// </summary>
            private List<(LockPath Path, bool Exclusive)>? InheritedLocks(IMethodSymbol method)
            {
                if (_inherited.TryGetValue(method, out var known))
                {
                    return known;
                }

                if (!MayInherit(method))
                {
                    return _inherited[method] = null;
                }

                // The methods whose callers matter, breadth first, bounded.
                var closure = new List<IMethodSymbol> { method };
                var sites = new Dictionary<IMethodSymbol, List<CallSite>?>(SymbolEqualityComparer.Default);
                for (var i = 0; i < closure.Count; i++)
                {
                    var calls = CallSitesOf(closure[i], stopAtUnprotectedCall: i == 0);
                    if (ReferenceEquals(calls, Unprotected))
                    {
                        return _inherited[method] = new List<(LockPath Path, bool Exclusive)>(); // what the fixpoint would end with, without binding the other callers
                    }

                    sites[closure[i]] = calls;
                    foreach (var call in calls ?? Enumerable.Empty<CallSite>())
                    {
                        if (call.Caller is { } caller && MayInherit(caller) && !sites.ContainsKey(caller) && !closure.Contains(caller, SymbolEqualityComparer.Default)
                            && closure.Count < MaxHelpers)
                        {
                            closure.Add(caller);
                        }
                    }
                }

                // Greatest fixpoint: every method starts holding everything (null here), and loses what a call does not hold.
                var values = closure.ToDictionary(m => m, m => sites[m] is null ? new List<(LockPath Path, bool Exclusive)>() : null, SymbolEqualityComparer.Default);
                for (var round = 0; round < 4 * MaxHelpers; round++)
                {
                    var changed = false;
                    foreach (var m in closure)
                    {
                        if (sites[m] is not { } calls || values[m] is { Count: 0 })
                        {
                            continue;
                        }

                        List<(LockPath Path, bool Exclusive)>? common = null; // null: everything
                        foreach (var call in calls)
                        {
                            var held = call.Held;
                            if (call.Caller is { } caller && values.TryGetValue(caller, out var callers))
                            {
                                if (callers is null)
                                {
                                    continue; // the caller, so far, holds everything
                                }

                                held = held.Concat(callers.Where(h => call.OnThis || h.Path.RootKind == LockRootKind.Static)).ToList();
                            }

                            common = common is null ? held : common.Where(c => held.Any(h => h.Path.Equals(c.Path)))
                                .Select(c => (c.Path, c.Exclusive && held.Where(h => h.Path.Equals(c.Path)).All(h => h.Exclusive))).ToList();
                        }

                        if (common is not null && (values[m] is null || common.Count != values[m]!.Count))
                        {
                            values[m] = common;
                            changed = true;
                        }
                    }

                    if (!changed)
                    {
                        return _inherited[method] = values[method] ?? AllLocks;
                    }
                }

                return _inherited[method] = null;
            }

            private const int MaxHelpers = 16;

            /// <summary>A method only this assembly can call: not public, or a member of a type that is not.</summary>
            private static bool MayInherit(IMethodSymbol method)
            {
                if (method.MethodKind != MethodKind.Ordinary)
                {
                    return false;
                }

                for (ISymbol? s = method; s is not null and not INamespaceSymbol; s = s.ContainingSymbol)
                {
                    if (s.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                    {
                        return true;
                    }
                }

                return method.DeclaredAccessibility != Accessibility.Public;
            }

            /// <summary>One call of a method: the locks held there, and the method it is made in (if its callers' locks count too).</summary>
            private sealed record CallSite(List<(LockPath Path, bool Exclusive)> Held, IMethodSymbol? Caller, bool OnThis);

            /// <summary>Stands for "called somewhere with no lock held, by a method whose own callers do not count".</summary>
            private static readonly List<CallSite> Unprotected = new List<CallSite>();

            /// <summary>
            /// The calls of <paramref name="method"/> that count; null if it is used otherwise than called, or never called.
            /// With <paramref name="stopAtUnprotectedCall"/>, <see cref="Unprotected"/> as soon as one call holds nothing and
            /// its caller passes nothing on: its callers then hold nothing in common, whatever the other calls hold.
            /// </summary>
            private List<CallSite>? CallSitesOf(IMethodSymbol method, bool stopAtUnprotectedCall)
            {
                var found = new List<CallSite>();
                var any = false;
                foreach (var (name, tree, targets) in Calls(method))
                {
                    if (InvocationOf(name) is not { } invocation)
                    {
                        return null;
                    }

                    any = true;
                    var onThis = invocation.Expression is SimpleNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax };
                    var caller = (ModelOf(tree).GetEnclosingSymbol(invocation.SpanStart, _cancellationToken) as IMethodSymbol)?.OriginalDefinition;
                    if (onThis && caller is not null && (OverridesAny(caller, targets) || EndsOrBeginsLife(caller) || BeforeThisEscapes(invocation, tree)))
                    {
                        continue;
                    }

                    var held = _log._calls.TryGetValue((tree, invocation.Span), out var recorded) ? recorded.Held : new List<(LockPath Path, bool Exclusive)>();
                    var inheriting = caller is not null && MayInherit(caller) ? caller : null;
                    if (stopAtUnprotectedCall && held.Count == 0 && inheriting is null)
                    {
                        return Unprotected;
                    }

                    found.Add(new CallSite(held, inheriting, onThis));
                }

                return any ? found : null;
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

            /// <summary>Stands for "every lock": a helper only constructors and <c>Dispose</c> call.</summary>
            private static readonly List<(LockPath Path, bool Exclusive)> AllLocks = new List<(LockPath, bool)>();

            /// <summary>
            /// Where <paramref name="method"/>, or a method it overrides, is named: in its outermost type for a
            /// private method, in the whole compilation otherwise.
            /// </summary>
            private static bool OverridesAny(IMethodSymbol? method, HashSet<ISymbol> targets)
            {
                for (var m = method; m is not null; m = m.OverriddenMethod)
                {
                    if (targets.Contains(m.OriginalDefinition))
                    {
                        return true;
                    }
                }

                return false;
            }

            private IEnumerable<(SimpleNameSyntax, SyntaxTree, HashSet<ISymbol>)> Calls(IMethodSymbol method)
            {
                // The method, those it overrides, and the interface methods they implement: calls to any of them may run it.
                var targets = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                for (var m = method; m is not null && targets.Add(m.OriginalDefinition); m = m.OverriddenMethod)
                {
                }

                foreach (var type in new[] { method.ContainingType }.Concat(method.ContainingType.AllInterfaces))
                {
                    if (type.TypeKind != TypeKind.Interface)
                    {
                        continue;
                    }

                    foreach (var member in type.GetMembers(method.Name).OfType<IMethodSymbol>())
                    {
                        if (method.ContainingType.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation
                            && targets.Contains(implementation.OriginalDefinition))
                        {
                            targets.Add(member.OriginalDefinition);
                        }
                    }
                }

                foreach (var (name, tree) in NamesSpelled(method.Name, targets.Count == 1 && method.DeclaredAccessibility == Accessibility.Private ? method.ContainingType : null))
                {
                    // Binding a name binds the body around it: a call whose argument count no target accepts is skipped unbound.
                    if (!ArgumentCountMayMatch(name, targets))
                    {
                        continue;
                    }

                    if (CalledBy(name, tree) is { } called && targets.Contains(called))
                    {
                        yield return (name, tree, targets);
                    }
                }
            }

            /// <summary>What <paramref name="name"/> names: read from a scanned body's call when there is one, bound otherwise.</summary>
            private ISymbol? CalledBy(SimpleNameSyntax name, SyntaxTree tree) =>
                InvocationOf(name) is { } invocation && _log._callGraph.TryGetTarget(tree, invocation.Span, out var target)
                    ? target
                    : ModelOf(tree).GetSymbolInfo(name, _cancellationToken).Symbol?.OriginalDefinition;

            /// <summary>
            /// False when <paramref name="name"/> is called with a number of arguments none of <paramref name="targets"/>
            /// accepts (fewer than its required parameters, or more than all of them): such a call binds to another
            /// overload. Extension methods and <c>params</c> are not judged; a name that is not called always may match.
            /// </summary>
            private static bool ArgumentCountMayMatch(SimpleNameSyntax name, HashSet<ISymbol> targets)
            {
                if (InvocationOf(name) is not { } invocation)
                {
                    return true;
                }

                var count = invocation.ArgumentList.Arguments.Count;
                foreach (var target in targets)
                {
                    if (target is not IMethodSymbol method || method.IsExtensionMethod || method.Parameters.Any(p => p.IsParams)
                        || (count <= method.Parameters.Length && count >= method.Parameters.Count(p => !p.IsOptional)))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>The call <paramref name="name"/> names the method of (<c>M(…)</c>, <c>x.M(…)</c>), or null if it is not one.</summary>
            private static InvocationExpressionSyntax? InvocationOf(SimpleNameSyntax name) =>
                name.Parent is InvocationExpressionSyntax direct && direct.Expression == name ? direct
                : name.Parent is MemberAccessExpressionSyntax access && access.Name == name && access.Parent is InvocationExpressionSyntax viaAccess ? viaAccess
                : null;

            /// <summary>The simple names spelled <paramref name="text"/> in the outermost type of <paramref name="within"/>, or, without one, anywhere in the compilation.</summary>
            private IEnumerable<(SimpleNameSyntax, SyntaxTree)> NamesSpelled(string text, INamedTypeSymbol? within)
            {
                if (within is null)
                {
                    return _compilation.SyntaxTrees.SelectMany(tree => _spelled.In(tree.GetRoot(_cancellationToken), text).Select(n => (n, tree)));
                }

                var outermost = within;
                while (outermost.ContainingType is { } outer)
                {
                    outermost = outer;
                }

                return outermost.DeclaringSyntaxReferences.SelectMany(r => _spelled.In(r.GetSyntax(_cancellationToken), text).Select(n => (n, r.SyntaxTree)));
            }

        }
    }
}

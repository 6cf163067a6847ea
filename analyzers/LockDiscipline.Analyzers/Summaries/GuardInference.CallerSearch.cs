using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Summaries
{
    internal sealed partial class GuardInference
    {
        /// <summary>
        /// The search for a method's callers: where a non-public method is called (in its type if it is private, in the
        /// compilation otherwise), what each call holds, and what callers that are not public pass on from their own.
        /// </summary>
        private sealed partial class EndOfCompilation
        {
            // What the callers of each method hold, once worked out.
            private readonly Dictionary<IMethodSymbol, List<(LockPath Path, bool Exclusive)>?> _inherited =
                new Dictionary<IMethodSymbol, List<(LockPath, bool)>?>(SymbolEqualityComparer.Default);

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

            /// <summary>A method or accessor only this assembly can call: not public, or a member of a type that is not.</summary>
            private static bool MayInherit(IMethodSymbol method)
            {
                if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet))
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
                foreach (var use in UsesOf(method) ?? new[] { Use.NotACall })
                {
                    if (use.Call is not { } call)
                    {
                        return null;
                    }

                    any = true;
                    if (use.OnAnObjectBeingMade)
                    {
                        continue;
                    }

                    var tree = use.Tree!;
                    var onThis = use.Receiver is null or ThisExpressionSyntax or BaseExpressionSyntax;
                    var caller = (ModelOf(tree).GetEnclosingSymbol(call.SpanStart, _cancellationToken) as IMethodSymbol)?.OriginalDefinition;
                    if (onThis && caller is not null && (OverridesAny(caller, use.Targets!) || EndsOrBeginsLife(caller) || BeforeThisEscapes(call, tree)))
                    {
                        continue;
                    }

                    var held = _log._calls.TryGetValue((tree, call.Span), out var recorded) ? recorded.Held : new List<(LockPath Path, bool Exclusive)>();
                    var inheriting = caller is not null && MayInherit(caller) ? caller : null;
                    if (stopAtUnprotectedCall && held.Count == 0 && inheriting is null)
                    {
                        return Unprotected;
                    }

                    found.Add(new CallSite(held, inheriting, onThis));
                }

                return any ? found : null;
            }

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

            /// <summary>
            /// One place a method is called: the call (an invocation, or a use of a property or indexer that runs the
            /// accessor), and what it is called on (null: <c>this</c>, unwritten; an object initializer: an object not
            /// shared yet, so the call needs no lock); or, with no call, a use that is not one (a method group), after
            /// which nothing is known of its callers.
            /// </summary>
            private readonly record struct Use(SyntaxNode? Call, ExpressionSyntax? Receiver, SyntaxTree? Tree, HashSet<ISymbol>? Targets)
            {
                public bool OnAnObjectBeingMade => Receiver is InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax or WithExpressionSyntax };

                public static Use NotACall => default;
            }

            /// <summary>Where <paramref name="method"/> is called; null when its calls cannot be found (an indexer the whole assembly may use).</summary>
            private IEnumerable<Use>? UsesOf(IMethodSymbol method) =>
                method.MethodKind == MethodKind.Ordinary ? Calls(method) : AccessorUses(method);

            private IEnumerable<Use> Calls(IMethodSymbol method)
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
                        var invocation = InvocationOf(name);
                        yield return invocation is null ? Use.NotACall
                            : new Use(invocation, (invocation.Expression as MemberAccessExpressionSyntax)?.Expression, tree, targets);
                    }
                }
            }

            /// <summary>
            /// What <paramref name="name"/> names: read from a scanned body's call when there is one, bound otherwise, once.
            /// Overloads, helpers in several members' closures and methods of other types that share the name all ask
            /// of the same places.
            /// </summary>
            private ISymbol? CalledBy(SimpleNameSyntax name, SyntaxTree tree)
            {
                if (InvocationOf(name) is { } invocation && _log._callGraph.TryGetTarget(tree, invocation.Span, out var target))
                {
                    return target;
                }

                return Bound(name, tree);
            }

            /// <summary>What <paramref name="name"/> names, bound once.</summary>
            private ISymbol? Bound(ExpressionSyntax name, SyntaxTree tree)
            {
                if (!_bound.TryGetValue(name, out var symbol))
                {
                    _bound[name] = symbol = ModelOf(tree).GetSymbolInfo(name, _cancellationToken).Symbol?.OriginalDefinition;
                }

                return symbol;
            }

            private readonly Dictionary<ExpressionSyntax, ISymbol?> _bound = new Dictionary<ExpressionSyntax, ISymbol?>();

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

            // The whole compilation's names, by spelling: searched as far as a search asked, and only once.
            private readonly Dictionary<string, Replayable<(SimpleNameSyntax, SyntaxTree)>> _spelledInCompilation =
                new Dictionary<string, Replayable<(SimpleNameSyntax, SyntaxTree)>>(System.StringComparer.Ordinal);

            /// <summary>
            /// False when the file's text screen saw no word <paramref name="name"/> and the file parses without error (where
            /// a name can touch the word before it, the screen's words are not its identifiers): the name is not spelled there.
            /// </summary>
            private bool MaySpell(SyntaxTree tree, string name) =>
                !_log._seenTrees.TryGetValue(tree, out var screen) || screen is null || screen.MaySpell(name)
                || tree.GetRoot(_cancellationToken).ContainsDiagnostics;

            /// <summary>The simple names spelled <paramref name="text"/> in the outermost type of <paramref name="within"/>, or, without one, anywhere in the compilation.</summary>
            private IEnumerable<(SimpleNameSyntax, SyntaxTree)> NamesSpelled(string text, INamedTypeSymbol? within)
            {
                if (within is null)
                {
                    // Overloads, and a method reached from several members' verdicts, share a name: the compilation's
                    // text is searched once for each.
                    if (!_spelledInCompilation.TryGetValue(text, out var everywhere))
                    {
                        _spelledInCompilation[text] = everywhere = new Replayable<(SimpleNameSyntax, SyntaxTree)>(_compilation.SyntaxTrees
                            .Where(tree => MaySpell(tree, text))
                            .SelectMany(tree => _spelled.In(tree.GetRoot(_cancellationToken), text).Select(n => (n, tree))));
                    }

                    return everywhere;
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

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>LD0013's verdict: <paramref name="Member"/> is touched at <paramref name="Site"/> holding none of the locks its guarded sites share.</summary>
    internal sealed record InconsistentAccess(ISymbol Member, Location Site, AccessKind Kind, LockPath Lock, Location TakenAt, IReadOnlyList<Location> GuardedSites);

    /// <summary>
    /// Inconsistent synchronization (LD0013), as Eraser infers it: the lock that guards a private field or
    /// auto-property is the intersection of the locks held at every access made under some lock; an access
    /// that holds none of them is reported, if it writes or changes the member (reads only if asked).
    /// <para>
    /// Cost: bodies the flow analyzes anyway (they touch locks) record, per watched member, each access
    /// with the locks held on every path there (<see cref="Observe"/>) and each call to a method of the
    /// compilation made with locks held (<see cref="ObserveCall"/>). Nothing else is bound while the
    /// compilation is analyzed. When it ends, only members guarded at two sites or more, one a write, are
    /// looked at further: their type's text is searched for their name, and the few sites that may write
    /// them, in bodies that took no lock, are bound then; where such a site is in a method that is not
    /// public, that method's calls are searched for (in its type if it is private, in the compilation
    /// otherwise) and bound. Generated code is never looked at (the driver shows it no body).
    /// </para>
    /// <para>
    /// Exempt: constructors, initializers, <c>Dispose</c> methods and finalizers; an access followed in its
    /// method by an escape of <c>this</c> (the object's setup); lambdas and local functions (they may run
    /// under their creator's locks); a method that only the assembly can call, whose every call holds a
    /// lock (the callers' locks count: a greatest fixpoint over such methods); and, for reads, a read in the
    /// method that writes the member under the lock (double-checked locking). Code with errors is not judged.
    /// </para>
    /// </summary>
    internal sealed class GuardInference
    {
        /// <summary>The <c>.editorconfig</c> key that reports unguarded plain reads too (default <c>false</c>).</summary>
        public const string ReportReadsOptionKey = "lockdiscipline.ld0013_report_reads";

        private readonly AnalysisServices _services;
        private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableHashSet<ISymbol>> _candidates =
            new ConcurrentDictionary<INamedTypeSymbol, ImmutableHashSet<ISymbol>>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), Site> _sites = new ConcurrentDictionary<(SyntaxTree, TextSpan), Site>();
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), CallUnderLocks> _calls = new ConcurrentDictionary<(SyntaxTree, TextSpan), CallUnderLocks>();
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), bool> _flowBodies = new ConcurrentDictionary<(SyntaxTree, TextSpan), bool>();
        private readonly ConcurrentDictionary<SyntaxTree, bool> _seenTrees = new ConcurrentDictionary<SyntaxTree, bool>();

        public GuardInference(AnalysisServices services)
        {
            _services = services;
        }

        /// <summary>A body the driver handed the analyzer: its tree is not generated code.</summary>
        public void SawTree(SyntaxTree tree)
        {
            if (!_seenTrees.ContainsKey(tree))
            {
                _seenTrees.TryAdd(tree, true);
            }
        }

        /// <summary>The watched members a body of <paramref name="type"/> can touch.</summary>
        public ImmutableHashSet<ISymbol> CandidatesFor(INamedTypeSymbol? type) =>
            type is null ? ImmutableHashSet<ISymbol>.Empty : _candidates.GetOrAdd(type.OriginalDefinition, t => MemberAccesses.CandidatesFor(t, _services.Contracts));

        /// <summary>A body the flow analyzes: what it records of its accesses stands for it, so the end does not bind it again.</summary>
        public void FlowAnalyzes(SyntaxNode body) => _flowBodies[(body.SyntaxTree, body.Span)] = true;

        /// <summary>
        /// The accesses of one top-level operation, with the locks held before it. An operation that itself
        /// takes or releases a lock is left out: the locks at its accesses are not the ones before it.
        /// </summary>
        public void Observe(PathState before, IReadOnlyList<(IOperation Reference, ISymbol Member, AccessKind Kind)> accesses, IMethodSymbol? method, SyntaxNode body)
        {
            foreach (var (reference, member, kind) in accesses)
            {
                if (MemberAccesses.InCodeWithErrors(reference.Syntax))
                {
                    continue;
                }

                var key = (reference.Syntax.SyntaxTree, reference.Syntax.Span);
                var nested = MemberAccesses.InNestedFunction(reference.Syntax, body);
                var site = _sites.GetOrAdd(key, _ => new Site(member, reference.Syntax.GetLocation(), kind, nested ? null : method));
                site.Merge(before);
            }
        }

        /// <summary>The watched members one top-level operation touches, and how; none if the operation takes or releases a lock.</summary>
        public (IOperation Reference, ISymbol Member, AccessKind Kind)[] AccessesIn(IOperation operation, ImmutableHashSet<ISymbol> candidates)
        {
            List<(IOperation, ISymbol, AccessKind)>? found = null;
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is IInvalidOperation || descendant is IInvocationOperation invocation && TouchesLocks(invocation))
                {
                    return Array.Empty<(IOperation, ISymbol, AccessKind)>();
                }

                if (MemberAccesses.WatchedMember(descendant, candidates) is { } member && MemberAccesses.Classify(descendant) is { } kind)
                {
                    (found ??= new List<(IOperation, ISymbol, AccessKind)>()).Add((descendant, member, kind));
                }
            }

            return found?.ToArray() ?? Array.Empty<(IOperation, ISymbol, AccessKind)>();
        }

        private bool TouchesLocks(IInvocationOperation invocation)
        {
            var contract = _services.ContractOf(invocation.TargetMethod, invocation.Instance?.Type, ImmutableHashSet<string>.Empty);
            return !contract.Acquires.IsEmpty || !contract.AcquiresShared.IsEmpty || !contract.Releases.IsEmpty || !contract.ReleasesShared.IsEmpty
                || !contract.TryAcquires.IsEmpty || !contract.AssertsHeld.IsEmpty || !contract.MayDrop.IsEmpty;
        }

        /// <summary>A call made with locks held to a method of the compilation: if only the assembly can call it, the locks its body may count as held.</summary>
        public void ObserveCall(PathState before, IOperation site, IMethodSymbol callee)
        {
            if (callee.MethodKind != MethodKind.Ordinary || callee.DeclaringSyntaxReferences.IsEmpty || site is not IInvocationOperation invocation)
            {
                return;
            }

            var onThis = callee.IsStatic || invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
            var held = before.Locks.Where(l => Definite(l) && (l.Path.RootKind == LockRootKind.Static || (onThis && l.Path.RootKind == LockRootKind.This)));
            var call = _calls.GetOrAdd((site.Syntax.SyntaxTree, site.Syntax.Span), _ => new CallUnderLocks());
            call.Merge(held);
        }

        private static bool Definite(HeldLock held) => held.Fact.Certainty == Certainty.Held;

        /// <summary>The verdicts, when the compilation has been seen.</summary>
        public IReadOnlyList<InconsistentAccess> Judge(Compilation compilation, Func<SyntaxTree, bool> reportReads, CancellationToken cancellationToken)
        {
            var verdicts = new List<InconsistentAccess>();
            var judge = new EndOfCompilation(this, compilation, reportReads, cancellationToken);
            foreach (var group in _sites.Values.GroupBy(s => s.Member, SymbolEqualityComparer.Default))
            {
                cancellationToken.ThrowIfCancellationRequested();
                judge.Judge(group.Key!, group.ToList(), verdicts);
            }

            return verdicts
                .OrderBy(v => v.Site.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(v => v.Site.SourceSpan.Start)
                .ToList();
        }

        /// <summary>A lock held at an access: which, in which mode, and where it was taken (for the message).</summary>
        private readonly record struct HeldAt(LockPath Path, bool Shared, Location TakenAt);

        /// <summary>One access site, merged over the paths that reach it.</summary>
        private sealed class Site
        {
            private readonly object _gate = new object();
            private List<HeldAt>? _held; // held (definitely) on every path; the weaker mode where paths differ
            private readonly List<(LockPath Path, bool Shared)> _any = new List<(LockPath, bool)>(); // held on some path, however surely

            public Site(ISymbol member, Location location, AccessKind kind, IMethodSymbol? method)
            {
                Member = member;
                Location = location;
                Kind = kind;
                Method = method;
            }

            public ISymbol Member { get; }

            public Location Location { get; }

            public AccessKind Kind { get; }

            /// <summary>The method whose body the access is in; null in a lambda or local function.</summary>
            public IMethodSymbol? Method { get; }

            public bool IsWrite => Kind is AccessKind.Write or AccessKind.Mutate;

            public void Merge(PathState state)
            {
                lock (_gate)
                {
                    var definite = state.Locks.Where(Definite).ToList();
                    if (_held is null)
                    {
                        _held = definite.Select(d => new HeldAt(d.Path, d.Shared, d.AcquiredAt)).ToList();
                    }
                    else
                    {
                        _held = _held
                            .Where(h => definite.Any(d => d.Path.Equals(h.Path)))
                            .Select(h => h.Shared || !definite.First(d => d.Path.Equals(h.Path)).Shared ? h : h with { Shared = true })
                            .ToList();
                    }

                    foreach (var held in state.Locks)
                    {
                        if (!_any.Any(a => a.Path.Equals(held.Path) && a.Shared == held.Shared))
                        {
                            _any.Add((held.Path, held.Shared));
                        }
                    }
                }
            }

            /// <summary>The locks that protect this access: held in either mode for a read, exclusive for a write.</summary>
            public IReadOnlyList<HeldAt> Protecting
            {
                get
                {
                    lock (_gate)
                    {
                        return (_held ?? new List<HeldAt>()).Where(h => !IsWrite || !h.Shared).ToList();
                    }
                }
            }

            /// <summary>Unprotected, and holding nothing else on any path (but <paramref name="guards"/> for reading, if it writes).</summary>
            public bool HoldsNothingBut(ICollection<LockPath> guards)
            {
                lock (_gate)
                {
                    return _any.All(a => IsWrite && a.Shared && guards.Contains(a.Path));
                }
            }
        }

        /// <summary>A call to a private method made with locks held, merged over the paths that reach it.</summary>
        private sealed class CallUnderLocks
        {
            private List<(LockPath Path, bool Exclusive)>? _held;

            public void Merge(IEnumerable<HeldLock> held)
            {
                var now = held.Select(h => (h.Path, !h.Shared)).ToList();
                lock (this)
                {
                    _held = _held is null ? now
                        : _held.Where(h => now.Any(n => n.Item1.Equals(h.Path))).Select(h => (h.Path, h.Exclusive && now.First(n => n.Item1.Equals(h.Path)).Item2)).ToList();
                }
            }

            public List<(LockPath Path, bool Exclusive)> Held
            {
                get
                {
                    lock (this)
                    {
                        return _held?.ToList() ?? new List<(LockPath, bool)>();
                    }
                }
            }
        }

        /// <summary>The work of the compilation's end: binding, on demand, only what a verdict needs.</summary>
        private sealed class EndOfCompilation
        {
            private readonly GuardInference _log;
            private readonly Compilation _compilation;
            private readonly Func<SyntaxTree, bool> _reportReads;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<SyntaxTree, SemanticModel> _models = new Dictionary<SyntaxTree, SemanticModel>();
            private readonly Dictionary<IMethodSymbol, List<(LockPath Path, bool Exclusive)>?> _inherited =
                new Dictionary<IMethodSymbol, List<(LockPath, bool)>?>(SymbolEqualityComparer.Default);

            public EndOfCompilation(GuardInference log, Compilation compilation, Func<SyntaxTree, bool> reportReads, CancellationToken cancellationToken)
            {
                _log = log;
                _compilation = compilation;
                _reportReads = reportReads;
                _cancellationToken = cancellationToken;
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

                    foreach (var name in reference.GetSyntax(_cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>())
                    {
                        if (name.Identifier.ValueText == symbol.Name && !MemberAccesses.InConstructorInitializerOrNestedFunction(name) && !InFlowBody(name))
                        {
                            yield return (name, tree);
                        }
                    }
                }
            }

            private bool InFlowBody(SyntaxNode node)
            {
                for (var current = node.Parent; current is not null; current = current.Parent)
                {
                    if (_log._flowBodies.ContainsKey((current.SyntaxTree, current.Span)))
                    {
                        return true;
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

                    if (ModelOf(tree).GetSymbolInfo(name, _cancellationToken).Symbol?.OriginalDefinition is { } called && targets.Contains(called))
                    {
                        yield return (name, tree, targets);
                    }
                }
            }

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

            private Dictionary<string, List<(SimpleNameSyntax, SyntaxTree)>>? _spelledAnywhere;

            /// <summary>The simple names spelled <paramref name="text"/> in the outermost type of <paramref name="within"/>, or, without one, anywhere in the compilation.</summary>
            private IEnumerable<(SimpleNameSyntax, SyntaxTree)> NamesSpelled(string text, INamedTypeSymbol? within)
            {
                if (within is null)
                {
                    // One walk of the compilation indexes every simple name, the first time one is asked for:
                    // a walk per name asked made this search most of LD0013's cost.
                    if (_spelledAnywhere is null)
                    {
                        _spelledAnywhere = new Dictionary<string, List<(SimpleNameSyntax, SyntaxTree)>>(StringComparer.Ordinal);
                        foreach (var tree in _compilation.SyntaxTrees)
                        {
                            _cancellationToken.ThrowIfCancellationRequested();
                            foreach (var name in tree.GetRoot(_cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>())
                            {
                                var spelled = name.Identifier.ValueText;
                                if (!_spelledAnywhere.TryGetValue(spelled, out var list))
                                {
                                    _spelledAnywhere[spelled] = list = new List<(SimpleNameSyntax, SyntaxTree)>();
                                }

                                list.Add((name, tree));
                            }
                        }
                    }

                    return _spelledAnywhere.TryGetValue(text, out var found) ? found : Enumerable.Empty<(SimpleNameSyntax, SyntaxTree)>();
                }

                var outermost = within;
                while (outermost.ContainingType is { } outer)
                {
                    outermost = outer;
                }

                return outermost.DeclaringSyntaxReferences.SelectMany(r => r.GetSyntax(_cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>()
                    .Where(n => n.Identifier.ValueText == text).Select(n => (n, r.SyntaxTree)));
            }
        }
    }
}

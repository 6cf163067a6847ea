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
    /// <summary>What one top-level operation gives LD0013 (<see cref="GuardInference.UsesIn"/>).</summary>
    internal sealed record OperationUses(
        (IOperation Reference, ISymbol Member, AccessKind Kind)[] Accesses,
        (IPropertyReferenceOperation Reference, IMethodSymbol Accessor)[] AccessorCalls)
    {
        public static readonly OperationUses None = new OperationUses(
            Array.Empty<(IOperation, ISymbol, AccessKind)>(), Array.Empty<(IPropertyReferenceOperation, IMethodSymbol)>());
    }

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
    /// compilation is analyzed. When it ends, only members guarded at two sites or more (in two methods or more), one a write, are
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
    internal sealed partial class GuardInference
    {
        /// <summary>The <c>.editorconfig</c> key that reports unguarded plain reads too (default <c>false</c>).</summary>
        public const string ReportReadsOptionKey = "lockdiscipline.ld0013_report_reads";

        private readonly AnalysisServices _services;
        private readonly ConcurrentDictionary<INamedTypeSymbol, WatchedMembers> _candidates =
            new ConcurrentDictionary<INamedTypeSymbol, WatchedMembers>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), Site> _sites = new ConcurrentDictionary<(SyntaxTree, TextSpan), Site>();
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), CallUnderLocks> _calls = new ConcurrentDictionary<(SyntaxTree, TextSpan), CallUnderLocks>();
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), bool> _flowBodies = new ConcurrentDictionary<(SyntaxTree, TextSpan), bool>();
        private readonly ConcurrentDictionary<SyntaxTree, TextScreen?> _seenTrees = new ConcurrentDictionary<SyntaxTree, TextScreen?>();

        private readonly CallGraph _callGraph;

        public GuardInference(AnalysisServices services, CallGraph callGraph)
        {
            _services = services;
            _callGraph = callGraph;
        }

        /// <summary>A tree the driver handed the analyzer (not generated code), with its text screen if the pre-filter read one.</summary>
        public void SawTree(SyntaxTree tree, TextScreen? screen)
        {
            if (!_seenTrees.ContainsKey(tree))
            {
                _seenTrees.TryAdd(tree, screen);
            }
        }

        /// <summary>The watched members a body of <paramref name="type"/> can touch.</summary>
        public WatchedMembers CandidatesFor(INamedTypeSymbol? type) =>
            type is null ? WatchedMembers.None : _candidates.GetOrAdd(type.OriginalDefinition, t => MemberAccesses.CandidatesFor(t, _services.Contracts));

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
                if (!_sites.TryGetValue(key, out var site))
                {
                    // Made only on a miss: a factory lambda would capture, and allocate, on every access.
                    var nested = MemberAccesses.InNestedFunction(reference.Syntax, body);
                    site = _sites.GetOrAdd(key, new Site(member, reference.Syntax.GetLocation(), kind, nested ? null : method));
                }

                site.Merge(before);
            }
        }

        /// <summary>
        /// What one top-level operation gives LD0013, from one walk of it: the watched members it touches and how, and the
        /// accessors with bodies it calls at the property uses that call them (for <see cref="ObserveCall"/>). Nothing if
        /// the operation takes or releases a lock (the locks at its accesses are not the ones before it) or is invalid.
        /// </summary>
        public OperationUses UsesIn(IOperation operation, WatchedMembers candidates)
        {
            List<(IOperation, ISymbol, AccessKind)>? accesses = null;
            List<(IPropertyReferenceOperation, IMethodSymbol)>? accessorCalls = null;
            if (!Collect(operation, candidates, ref accesses, ref accessorCalls) || (accesses is null && accessorCalls is null) || CallsTouchingLocks(operation))
            {
                return OperationUses.None;
            }

            return new OperationUses(
                accesses?.ToArray() ?? Array.Empty<(IOperation, ISymbol, AccessKind)>(),
                accessorCalls?.ToArray() ?? Array.Empty<(IPropertyReferenceOperation, IMethodSymbol)>());
        }

        /// <summary>
        /// <see cref="UsesIn"/>'s walk, in the order of <c>DescendantsAndSelf</c> but recursive, with no iterator per
        /// operation; false as soon as an operation is invalid.
        /// </summary>
        private static bool Collect(IOperation operation, WatchedMembers candidates,
            ref List<(IOperation, ISymbol, AccessKind)>? accesses, ref List<(IPropertyReferenceOperation, IMethodSymbol)>? accessorCalls)
        {
            if (operation is IInvalidOperation)
            {
                return false;
            }

            if (MemberAccesses.WatchedMember(operation, candidates) is { } member && MemberAccesses.Classify(operation) is { } kind)
            {
                (accesses ??= new List<(IOperation, ISymbol, AccessKind)>()).Add((operation, member, kind));
            }

            if (operation is IPropertyReferenceOperation property)
            {
                AccessorCalls.AddCalls(property, ref accessorCalls);
            }

            foreach (var child in operation.ChildOperations)
            {
                if (!Collect(child, candidates, ref accesses, ref accessorCalls))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether a call in the operation takes or releases a lock: asked only of an operation that touches a
        /// watched member (most touch none), so most calls' contracts are never looked up here.
        /// </summary>
        private bool CallsTouchingLocks(IOperation operation)
        {
            if (operation is IInvocationOperation invocation && TouchesLocks(invocation))
            {
                return true;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (CallsTouchingLocks(child))
                {
                    return true;
                }
            }

            return false;
        }

        private bool TouchesLocks(IInvocationOperation invocation)
        {
            var contract = _services.ContractOf(invocation.TargetMethod, invocation.Instance?.Type, ImmutableHashSet<string>.Empty);
            return !contract.Acquires.IsEmpty || !contract.AcquiresShared.IsEmpty || !contract.Releases.IsEmpty || !contract.ReleasesShared.IsEmpty
                || !contract.TryAcquires.IsEmpty || !contract.AssertsHeld.IsEmpty || !contract.MayDrop.IsEmpty;
        }

        /// <summary>
        /// A call made with locks held to a method of the compilation (an invocation, or a property or indexer use that
        /// runs an accessor): if only the assembly can call it, the locks its body may count as held.
        /// </summary>
        public void ObserveCall(PathState before, IOperation site, IMethodSymbol callee)
        {
            IOperation? instance;
            switch (site)
            {
                case IInvocationOperation invocation when callee.MethodKind == MethodKind.Ordinary:
                    instance = invocation.Instance;
                    break;
                case IPropertyReferenceOperation property when callee.MethodKind is MethodKind.PropertyGet or MethodKind.PropertySet:
                    instance = property.Instance;
                    break;
                default:
                    return;
            }

            if (callee.DeclaringSyntaxReferences.IsEmpty)
            {
                return;
            }

            var onThis = callee.IsStatic || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
            var held = new List<(LockPath Path, bool Exclusive)>();
            foreach (var l in before.Locks)
            {
                if (Definite(l) && (l.Path.RootKind == LockRootKind.Static || (onThis && l.Path.RootKind == LockRootKind.This)))
                {
                    held.Add((l.Path, !l.Shared));
                }
            }

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

            // Runs for every access of every path the flow replays: plain loops over the few locks held, no LINQ.
            public void Merge(PathState state)
            {
                lock (_gate)
                {
                    _protecting = null;
                    if (_held is null)
                    {
                        _held = new List<HeldAt>();
                        foreach (var d in state.Locks)
                        {
                            if (Definite(d))
                            {
                                _held.Add(new HeldAt(d.Path, d.Shared, d.AcquiredAt));
                            }
                        }
                    }
                    else
                    {
                        // Keep the locks also held definitely here, in the weaker mode of the two.
                        var kept = 0;
                        for (var i = 0; i < _held.Count; i++)
                        {
                            var h = _held[i];
                            if (FirstDefinite(state, h.Path) is { } d)
                            {
                                _held[kept++] = h.Shared || !d.Shared ? h : h with { Shared = true };
                            }
                        }

                        _held.RemoveRange(kept, _held.Count - kept);
                    }

                    foreach (var held in state.Locks)
                    {
                        if (!ContainsAny(held.Path, held.Shared))
                        {
                            _any.Add((held.Path, held.Shared));
                        }
                    }
                }
            }

            private static HeldLock? FirstDefinite(PathState state, LockPath path)
            {
                foreach (var d in state.Locks)
                {
                    if (Definite(d) && d.Path.Equals(path))
                    {
                        return d;
                    }
                }

                return null;
            }

            private bool ContainsAny(LockPath path, bool shared)
            {
                foreach (var a in _any)
                {
                    if (a.Path.Equals(path) && a.Shared == shared)
                    {
                        return true;
                    }
                }

                return false;
            }

            private IReadOnlyList<HeldAt>? _protecting; // worked out once after the last merge: the end asks for it many times

            /// <summary>The locks that protect this access: held in either mode for a read, exclusive for a write.</summary>
            public IReadOnlyList<HeldAt> Protecting
            {
                get
                {
                    lock (_gate)
                    {
                        return _protecting ??= (_held ?? new List<HeldAt>()).Where(h => !IsWrite || !h.Shared).ToList();
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

            public void Merge(List<(LockPath Path, bool Exclusive)> now)
            {
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
    }
}

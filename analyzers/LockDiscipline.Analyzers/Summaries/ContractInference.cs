using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Prefilter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// Infers what the lock attributes of an unannotated method of the compilation would say, from one
    /// flow analysis of its body, so that lock wrappers (<c>Lock()</c>, <c>Unlock()</c>, <c>TryLock()</c>,
    /// a <c>Mutex</c> taken in one method and released in another) are checked at their calls as if
    /// annotated, and raise nothing inside. Computed on demand — the first time a call to the method, or
    /// its own analysis, needs it — once per compilation, and only for methods the
    /// <see cref="WrapperScreen"/> lets through (a body that takes a .NET lock without releasing one, or the
    /// reverse). What it infers, over the body's normal exits (a throw is not a return):
    /// <list type="bullet">
    /// <item><c>[Acquires(L)]</c>: every normal exit holds <c>L</c>, which the body took (a returned
    /// disposable then releases it: the wrapper returns a scope);</item>
    /// <item><c>[TryAcquires(r, L)]</c> (returns <c>bool</c>): <c>L</c> is held at a return exactly when the
    /// returned value is <c>r</c>;</item>
    /// <item><c>[Releases(L)]</c>: the body releases <c>L</c>, which it never takes;</item>
    /// <item><c>[Requires(L)]</c>: the body calls a method that requires <c>L</c> without taking it.</item>
    /// </list>
    /// <c>L</c> must be nameable by callers: rooted at <c>this</c>, a parameter, or a static member. A method
    /// on a call cycle of such methods gets no inferred contract (its summary would depend on where the
    /// cycle was entered), so the result does not depend on the order bodies are analyzed in.
    /// </summary>
    internal sealed class ContractInference
    {
        private readonly AnalysisServices _services;
        private readonly ConcurrentDictionary<IMethodSymbol, MethodContract> _inferred =
            new ConcurrentDictionary<IMethodSymbol, MethodContract>(SymbolEqualityComparer.Default);

        /// <summary>The methods being inferred on this thread, innermost last: a call back into one of them is a cycle.</summary>
        [ThreadStatic]
        private static List<Frame>? t_inProgress;

        public ContractInference(AnalysisServices services)
        {
            _services = services;
        }

        /// <summary>The inferred lock clauses of <paramref name="method"/> (its original definition), or null if it has none.</summary>
        public MethodContract? For(IMethodSymbol method)
        {
            if (_inferred.TryGetValue(method, out var known))
            {
                return known == MethodContract.None ? null : known;
            }

            if (!IsCandidate(method, out var rootSyntax))
            {
                _inferred.TryAdd(method, MethodContract.None);
                return null;
            }

            var stack = t_inProgress ??= new List<Frame>();
            var at = IndexOf(stack, method);
            if (at >= 0)
            {
                // Every method from the first entry to here is on the cycle.
                for (var i = at; i < stack.Count; i++)
                {
                    stack[i].OnCycle = true;
                }

                return null;
            }

            var frame = new Frame(method);
            stack.Add(frame);
            MethodContract result;
            try
            {
                result = Infer(method, rootSyntax) ?? MethodContract.None;
            }
            finally
            {
                stack.RemoveAt(stack.Count - 1);
            }

            result = _inferred.GetOrAdd(method, frame.OnCycle ? MethodContract.None : result);
            return result == MethodContract.None ? null : result;
        }

        private sealed class Frame
        {
            public Frame(IMethodSymbol method) { Method = method; }

            public IMethodSymbol Method { get; }

            public bool OnCycle { get; set; }
        }

        /// <summary>A loop, not <c>FindIndex</c> with a lambda: the lambda's capture of the method would be allocated on every ask, the memo's hits included.</summary>
        private static int IndexOf(List<Frame> stack, IMethodSymbol method)
        {
            for (var i = 0; i < stack.Count; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(stack[i].Method, method))
                {
                    return i;
                }
            }

            return -1;
        }

        private bool IsCandidate(IMethodSymbol method, out SyntaxNode rootSyntax)
        {
            rootSyntax = null!;
            if (method.MethodKind == MethodKind.Constructor)
            {
                return IsGuardConstructor(method, out rootSyntax);
            }

            // A held test's name is among the relevant ones (its file's forwarders are): most bool members stop at the set.
            if (method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet
                && LockRelevantNames.For(_services.Compilation).Contains(method.AssociatedSymbol?.Name ?? method.Name)
                && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _services.Compilation.Assembly)
                && HeldTestForwarders.ReturnedTest(method) is { } test)
            {
                rootSyntax = test; // Infer reads it as a forwarded held test, not a body to run
                return true;
            }

            if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsExtern || method.IsImplicitlyDeclared
                || method.DeclaringSyntaxReferences.Length != 1
                || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _services.Compilation.Assembly)
                || method.ContainingType is { } type && AttributeNames.Has(type, AttributeNames.ScopedLock))
            {
                return false;
            }

            // The compilation's relevant names hold every method the screen let through: most callees stop here, unread.
            if (!LockRelevantNames.For(_services.Compilation).Contains(method.Name)
                || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration || !WrapperScreen.IsCandidate(declaration, LockRelevantNames.WrappersDeclaredIn(declaration.SyntaxTree)))
            {
                return false;
            }

            rootSyntax = declaration;
            return true;
        }

        /// <summary>
        /// The constructor of a lock guard written without <c>[ScopedLock]</c>: a disposable type whose constructor takes a
        /// lock, with a release in sight for its disposal (<see cref="WrapperScreen.IsGuardConstructor"/>, which the
        /// pre-filter reads too, so that a body spelling <c>new T(…)</c> is analyzed). Inferred, it acquires the lock and
        /// returns the scope that holds it, as <c>Lock.EnterScope()</c> does; a constructor that takes a lock and leaves no
        /// way to give it back stays a leak.
        /// </summary>
        private bool IsGuardConstructor(IMethodSymbol constructor, out SyntaxNode rootSyntax)
        {
            rootSyntax = null!;
            if (constructor.DeclaringSyntaxReferences.Length != 1 || !IsDisposable(constructor.ContainingType)
                || !SymbolEqualityComparer.Default.Equals(constructor.ContainingAssembly, _services.Compilation.Assembly)
                || constructor.DeclaringSyntaxReferences[0].GetSyntax() is not ConstructorDeclarationSyntax declaration
                || !WrapperScreen.IsGuardConstructor(declaration))
            {
                return false;
            }

            rootSyntax = declaration;
            return true;
        }

        private MethodContract? Infer(IMethodSymbol method, SyntaxNode rootSyntax)
        {
            if (rootSyntax is ExpressionSyntax test)
            {
                return HeldTestForwarders.Infer(_services, test);
            }

            var model = _services.ModelOf(rootSyntax.SyntaxTree);
            if (CodeBlockGraph.RootOperation(model, rootSyntax, CancellationToken.None) is not { } root || !CodeBlockGraph.IsGraphRoot(root)
                || CodeBlockGraph.Create(root, CancellationToken.None) is not { } cfg)
            {
                return null;
            }

            // A `ref bool taken` passed on to Monitor.Enter/TryEnter(…, ref taken) must be false on entry, as theirs must.
            var takenFlags = LockTakenFlags(root);
            var start = PathState.Empty;
            foreach (var flag in takenFlags)
            {
                start = start.WithValue(VariableKey.Of(flag), AbstractValue.False);
            }

            var events = new Collected();
            if (Run(method, cfg, start, events) is not { } exit || exit.Paths.IsEmpty)
            {
                return null;
            }

            var acquires = new List<LockPath>();
            var acquiresShared = new List<LockPath>();
            var reentrant = true;
            foreach (var path in exit.Paths)
            {
                foreach (var held in path.Locks)
                {
                    if (Nameable(held.Path) && events.Taken.Contains(held.Path) && !acquires.Contains(held.Path) && !acquiresShared.Contains(held.Path)
                        && (exit.Paths.All(p => p.Find(held.Path) is { IsMaybe: false, Uncorrelated: false } h && h.Shared == held.Shared)
                            || HeldExactlyInOneMode(exit.Paths, held)))
                    {
                        (held.Shared ? acquiresShared : acquires).Add(held.Path);
                        reentrant &= held.Reentrant;
                    }
                }
            }

            // Monitor.Exit(l); …; Monitor.Enter(l): a lock released before it is taken, and held at every exit, is the caller's, let go for a while.
            var dropsAndRetakes = DropsAndRetakes(method, cfg, events);
            acquires.RemoveAll(dropsAndRetakes.Contains);

            // Grab(ref taken): every exit holds the lock with the flag set, as Monitor.Enter(x, ref taken) leaves it.
            var lockTaken = acquires.Count + acquiresShared.Count == 0 ? null
                : takenFlags.FirstOrDefault(f => exit.Paths.All(p => p.ValueOf(VariableKey.Of(f)).Bool == BoolState.True));
            var (tryAcquires, tryShared, tryResult) = TryAcquires(events, acquires.Concat(acquiresShared));

            // TryGrab(ref taken): the lock held at exactly the exits where the flag is set, as Monitor.TryEnter(x, ref taken) leaves it.
            if (lockTaken is null && tryAcquires.Count == 0 && TryAcquiresByFlag(exit.Paths, takenFlags, events, acquires.Concat(acquiresShared)) is { } byFlag)
            {
                (tryAcquires, tryShared, lockTaken) = byFlag;
            }
            var releases = events.ReleasedUnheld.Where(r => !r.Shared && !events.Taken.Contains(r.Path)).Select(r => r.Path).Distinct().ToList();
            // Drop(ref taken), Dispose(bool disposing): a caller whose flag is false gets nothing released (the body, run
            // again from a false flag, releases nothing), so a finalizer's Dispose(false) releases nothing. A ref flag first:
            // the helper also clears it.
            var releaseFlag = releases.Count == 0 ? null
                : method.Parameters.OrderBy(p => p.RefKind == RefKind.Ref ? 0 : 1).FirstOrDefault(p => p.RefKind is RefKind.Ref or RefKind.None && p.Type.SpecialType == SpecialType.System_Boolean
                    && ReleasesNothingFrom(method, cfg, start.WithValue(VariableKey.Of(p), AbstractValue.False)));
            var releasesShared = events.ReleasedUnheld.Where(r => r.Shared && !events.Taken.Contains(r.Path) && !releases.Contains(r.Path))
                .Select(r => r.Path).Distinct().ToList();
            var onlyIfHeld = releaseFlag is null && releases.Count + releasesShared.Count > 0 && ReleaseGuards.GuardedByAHeldTest(rootSyntax)
                && ReleasesOnSomePathsOnly(method, cfg, releases, releasesShared);
            var requires = events.RequiredUnheld.Where(r => !r.Shared && !events.Taken.Contains(r.Path)).Select(r => r.Path).Distinct().ToList();
            var requiresShared = events.RequiredUnheld.Where(r => r.Shared && !events.Taken.Contains(r.Path) && !requires.Contains(r.Path))
                .Select(r => r.Path).Distinct().ToList();
            requires.AddRange(dropsAndRetakes);
            if (acquires.Count + acquiresShared.Count + tryAcquires.Count + releases.Count + releasesShared.Count + requires.Count + requiresShared.Count == 0)
            {
                return null;
            }

            if (method.MethodKind == MethodKind.Constructor && !(acquires.Count + acquiresShared.Count == 1 && tryAcquires.Count + releases.Count
                + releasesShared.Count + requires.Count + requiresShared.Count == 0 && dropsAndRetakes.Count == 0))
            {
                return null; // a guard takes one lock and nothing else; any other constructor is analyzed as it is written
            }

            return new MethodContract
            {
                Acquires = acquires.ToImmutableArray(),
                AcquiresShared = acquiresShared.ToImmutableArray(),
                TryAcquires = tryAcquires.ToImmutableArray(),
                TryAcquiresShared = tryShared,
                TryAcquiresResult = tryResult,
                Releases = releases.ToImmutableArray(),
                ReleasesShared = releasesShared.ToImmutableArray(),
                Requires = requires.ToImmutableArray(),
                RequiresShared = requiresShared.ToImmutableArray(),
                Reentrant = reentrant && acquires.Count + acquiresShared.Count > 0,
                // `using (x.Lock())`: the disposable a wrapper returns holds the lock it took, and its Dispose releases it.
                ReturnsScope = acquires.Count + acquiresShared.Count == 1
                    && IsDisposable(method.MethodKind == MethodKind.Constructor ? method.ContainingType : method.ReturnType),
                LockTakenParameter = lockTaken?.Ordinal ?? -1,
                ReleaseFlagParameter = releaseFlag?.Ordinal ?? -1,
                ReleasesOnlyIfHeld = onlyIfHeld,
                MayDrop = dropsAndRetakes.ToImmutableArray(),
                Inferred = true,
            };
        }

        private FlowState? Run(IMethodSymbol method, ControlFlowGraph cfg, PathState start, ILockEventSink events)
        {
            var transfer = new TransferFunctions(_services, new OperationPathResolver(cfg), ImmutableHashSet<string>.Empty, method, cfg);
            var driver = new ControlFlowDriver(cfg, transfer) { ReportsReturns = method.ReturnType.SpecialType == SpecialType.System_Boolean };
            return driver.Run(start, events);
        }

        /// <summary>The body run again, as a caller holding <paramref name="exclusive"/> and <paramref name="shared"/> would run it; null if it has no exit.</summary>
        private FlowState? RunHolding(IMethodSymbol method, ControlFlowGraph cfg, List<LockPath> exclusive, List<LockPath> shared, Collected events)
        {
            var start = MethodBodyAnalysis.WithHeld(PathState.Empty, exclusive.ToImmutableArray(), shared: false, method);
            start = MethodBodyAnalysis.WithHeld(start, shared.ToImmutableArray(), shared: true, method);
            return Run(method, cfg, start, events) is { Paths.IsEmpty: false } exit ? exit : null;
        }

        private bool ReleasesNothingFrom(IMethodSymbol method, ControlFlowGraph cfg, PathState start)
        {
            var events = new Collected();
            return Run(method, cfg, start, events) is not null && events.ReleasedUnheld.Count == 0;
        }

        /// <summary>
        /// A clean-up that releases only if a test it cannot see through says the lock is still held (<c>if (_owned > 0)</c>):
        /// run holding what it releases, some exits still hold a lock and others do not, and no flag fixed at construction
        /// tells them apart (that is a mode, <see cref="HeldExactlyInOneMode"/>, and an ordinary release).
        /// </summary>
        private bool ReleasesOnSomePathsOnly(IMethodSymbol method, ControlFlowGraph cfg, List<LockPath> releases, List<LockPath> releasesShared)
        {
            if (RunHolding(method, cfg, releases, releasesShared, new Collected()) is not { } exit)
            {
                return false;
            }

            foreach (var path in releases.Concat(releasesShared))
            {
                var stillHeld = exit.Paths.Select(p => p.Find(path)).Where(h => h is not null).ToList();
                if (stillHeld.Count > 0 && stillHeld.Count < exit.Paths.Length && !HeldExactlyInOneMode(exit.Paths, stillHeld[0]!))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A helper that runs under its caller's lock and lets others in for a moment: it releases <c>L</c> (or waits on it)
        /// before it ever takes it, and takes it back (<c>Monitor.Exit(l); Monitor.Enter(l);</c>, or <c>Monitor.Wait(l)</c>).
        /// Run again holding <c>L</c> on entry, it releases nothing it does not hold and returns holding <c>L</c> on every
        /// path: it is <c>[Requires(L), MayDrop(L)]</c>. Its callers must hold <c>L</c>, and what they read under it may be stale after the call.
        /// </summary>
        private List<LockPath> DropsAndRetakes(IMethodSymbol method, ControlFlowGraph cfg, Collected events)
        {
            var candidates = events.ReleasedUnheld.Where(r => !r.Shared && events.Taken.Contains(r.Path) && Nameable(r.Path)).Select(r => r.Path).Distinct().ToList();
            if (candidates.Count == 0)
            {
                return candidates;
            }

            var again = new Collected();
            if (RunHolding(method, cfg, candidates, new List<LockPath>(), again) is not { } exit || again.ReleasedUnheld.Count > 0 || again.RequiredUnheld.Count > 0)
            {
                return new List<LockPath>();
            }

            return candidates.Where(p => exit.Paths.All(path => path.Find(p) is { IsMaybe: false, Uncorrelated: false, Shared: false })).ToList();
        }

        /// <summary>
        /// <c>Lock() { if (_threadSafe) Monitor.Enter(_sync); }</c>: the exits that hold <paramref name="held"/> are exactly those
        /// where a flag fixed at construction (<see cref="MemberWrites"/>) has one value (or, for
        /// <c>if (_gate != null) _gate.WaitOne();</c>, where the lock itself is not null). An object either always
        /// locks here or never does, so the method is an acquire for every object that locks at all, and its callers are
        /// checked as for an unconditional one (the matching <c>Unlock()</c>, releasing under the same test, is inferred a release).
        /// </summary>
        private static bool HeldExactlyInOneMode(ImmutableArray<PathState> exits, HeldLock held)
        {
            PathState? holding = null;
            foreach (var exit in exits)
            {
                var found = exit.Find(held.Path);
                if (found is not null && (found.IsMaybe || found.Uncorrelated || found.Shared != held.Shared))
                {
                    return false;
                }

                holding ??= found is null ? null : exit;
            }

            if (holding is null)
            {
                return false;
            }

            foreach (var entry in holding.Values)
            {
                if (entry.Key.Symbol is IFieldSymbol && entry.Value.Bool is BoolState.True or BoolState.False
                    && exits.All(e => e.Values.TryGetValue(entry.Key, out var v) && (v.Bool == entry.Value.Bool) == (e.Find(held.Path) is not null)))
                {
                    return true;
                }

                // if (_gate is not null) _gate.WaitOne(): held wherever the lock itself exists, and a null lock holds nothing.
                if (held.Path is { RootKind: LockRootKind.This, Members.Length: 1 } own && SymbolEqualityComparer.Default.Equals(entry.Key.Symbol, own.Members[0].OriginalDefinition)
                    && exits.All(e => e.Values.TryGetValue(entry.Key, out var v) && v.Null == (e.Find(held.Path) is null ? NullState.Null : NullState.NonNull)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Locks held at a <c>return</c> exactly when the returned <c>bool</c> is one value (the same for all of them).</summary>
        private static (List<LockPath> Locks, bool Shared, bool Result) TryAcquires(Collected events, IEnumerable<LockPath> acquired)
        {
            var none = (new List<LockPath>(), false, true);
            var returns = events.Returns;
            if (returns.Count == 0 || returns.Any(r => r.Value.Bool == BoolState.Unknown))
            {
                return none;
            }

            var sure = new HashSet<LockPath>(acquired);
            foreach (var result in new[] { true, false })
            {
                var succeeded = returns.Where(r => r.Value.IsDefinitelyTrue == result).Select(r => r.State).ToList();
                var failed = returns.Where(r => r.Value.IsDefinitelyTrue != result).Select(r => r.State).ToList();
                if (LocksTakenOnOneSideOnly(succeeded, failed, sure, events) is { } split)
                {
                    return (split.Locks, split.Shared, result);
                }
            }

            return none;
        }

        /// <summary>
        /// A try-acquire that reports through a <c>ref bool</c> flag: the locks held (surely) at every exit where the flag is
        /// true and at none where it is false, with both kinds of exit; null if no flag splits the exits so.
        /// </summary>
        private static (List<LockPath> Locks, bool Shared, IParameterSymbol Flag)? TryAcquiresByFlag(
            ImmutableArray<PathState> exits, IReadOnlyList<IParameterSymbol> flags, Collected events, IEnumerable<LockPath> acquired)
        {
            var sure = new HashSet<LockPath>(acquired);
            foreach (var flag in flags)
            {
                var key = VariableKey.Of(flag);
                var set = exits.Where(p => p.ValueOf(key).Bool == BoolState.True).ToList();
                var clear = exits.Where(p => p.ValueOf(key).Bool == BoolState.False).ToList();
                if (set.Count + clear.Count == exits.Length && LocksTakenOnOneSideOnly(set, clear, sure, events) is { } split)
                {
                    return (split.Locks, split.Shared, flag);
                }
            }

            return null;
        }

        /// <summary>
        /// The nameable locks the body took that every <paramref name="taken"/> exit holds surely and no
        /// <paramref name="notTaken"/> exit holds (leaving out <paramref name="sure"/>, held at every exit); null if there
        /// are none, or either side has no exit. Both try-acquire shapes, by result and by flag, are this split.
        /// </summary>
        private static (List<LockPath> Locks, bool Shared)? LocksTakenOnOneSideOnly(List<PathState> taken, List<PathState> notTaken, HashSet<LockPath> sure, Collected events)
        {
            if (taken.Count == 0 || notTaken.Count == 0)
            {
                return null;
            }

            var found = new List<LockPath>();
            var shared = false;
            foreach (var held in taken[0].Locks)
            {
                if (Nameable(held.Path) && !sure.Contains(held.Path) && events.Taken.Contains(held.Path)
                    && taken.All(p => p.Find(held.Path) is { IsMaybe: false, Uncorrelated: false })
                    && notTaken.All(p => p.Find(held.Path) is null))
                {
                    found.Add(held.Path);
                    shared |= held.Shared;
                }
            }

            return found.Count > 0 ? (found, shared) : null;
        }

        /// <summary>
        /// The method's <c>ref bool</c> parameters that carry whether it took a lock: passed on as a lock-taken flag
        /// (<c>Monitor.TryEnter(x, t, ref taken)</c>), or given a try-acquire's result (<c>taken = Monitor.TryEnter(x, t)</c>).
        /// </summary>
        private List<IParameterSymbol> LockTakenFlags(IOperation root)
        {
            var flags = new List<IParameterSymbol>();
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation call:
                        foreach (var argument in call.Arguments)
                        {
                            if (argument.Value is IParameterReferenceOperation { Parameter: var flag } && IsRefBool(flag)
                                && argument.Parameter is { } parameter
                                && _services.ContractOf(call.TargetMethod, call.Instance?.Type, ImmutableHashSet<string>.Empty).LockTakenParameter == parameter.Ordinal
                                && !flags.Contains(flag))
                            {
                                flags.Add(flag);
                            }
                        }

                        break;
                    case ISimpleAssignmentOperation { Target: IParameterReferenceOperation { Parameter: var assigned }, Value: IInvocationOperation tryAcquire }
                        when IsRefBool(assigned) && !flags.Contains(assigned)
                            && !_services.ContractOf(tryAcquire.TargetMethod, tryAcquire.Instance?.Type, tryAcquire.Arguments, ImmutableHashSet<string>.Empty).TryAcquires.IsEmpty:
                        flags.Add(assigned);
                        break;
                }
            }

            return flags;
        }

        private static bool IsRefBool(IParameterSymbol parameter) => parameter is { RefKind: RefKind.Ref, Type.SpecialType: SpecialType.System_Boolean };

        /// <summary>A lock a caller can name: rooted at <c>this</c>, a parameter, or a static member.</summary>
        private static bool Nameable(LockPath path) =>
            path.RootKind is LockRootKind.This or LockRootKind.Parameter or LockRootKind.Static && LockClass.CanClassify(path);

        private static bool IsDisposable(ITypeSymbol type) =>
            type.SpecialType == SpecialType.None && type.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface
            && (type.Name == "IDisposable" || type.AllInterfaces.Any(i => i.Name == "IDisposable" && i.ContainingNamespace?.Name == "System"));

        /// <summary>What inference reads of the body's events.</summary>
        private sealed class Collected : ILockEventSink
        {
            /// <summary>Locks the body takes somewhere (acquire or successful try-acquire).</summary>
            public HashSet<LockPath> Taken { get; } = new HashSet<LockPath>();

            public List<(LockPath Path, bool Shared)> ReleasedUnheld { get; } = new List<(LockPath, bool)>();

            public List<(LockPath Path, bool Shared)> RequiredUnheld { get; } = new List<(LockPath, bool)>();

            public List<Returned> Returns { get; } = new List<Returned>();

            public void On(LockEvent e)
            {
                switch (e)
                {
                    case Acquired x:
                        Taken.Add(x.Lock.Path);
                        break;
                    case TryAcquired x:
                        Taken.Add(x.Lock.Path);
                        break;
                    case Released { WasHeld: null } x when Nameable(x.Path) && !LockTypes.IsCounting(x.Path.Type):
                        // A semaphore released without being taken is signalled, not unlocked.
                        ReleasedUnheld.Add((x.Path, x.Shared));
                        break;
                    case Called x:
                        AddUnheld(x, x.Contract.Requires, shared: false);
                        AddUnheld(x, x.Contract.RequiresShared, shared: true);
                        break;
                    case Returned x:
                        Returns.Add(x);
                        break;
                }
            }

            private void AddUnheld(Called call, ImmutableArray<LockPath> required, bool shared)
            {
                foreach (var lockPath in required)
                {
                    if (call.Substitution.Apply(lockPath) is { } path && Nameable(path) && call.Before.Find(path) is null)
                    {
                        RequiredUnheld.Add((path, shared));
                    }
                }
            }
        }
    }
}

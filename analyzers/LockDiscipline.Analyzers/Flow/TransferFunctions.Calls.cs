using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>Calls: a callee's contract applied in the order a call happens (handle checks, releases, acquires, try-acquire and assertion splits), and the locks a call names.</summary>
    internal sealed partial class TransferFunctions
    {
        /// <summary>
        /// The states a <c>catch (AbandonedMutexException)</c> is entered in when the mutex wait in <paramref name="operation"/>
        /// throws it: the thread owns the mutex, but nothing else the operation does with the wait's result happened
        /// (<c>taken = m.WaitOne(100)</c> leaves <c>taken</c> as it was). So: the states <paramref name="before"/> it, each
        /// now holding the mutex as the paths <paramref name="after"/> it that took it hold it; none if no path took it.
        /// </summary>
        public List<PathState> AfterAbandonedWait(IOperation operation, IReadOnlyList<PathState> before, IReadOnlyList<PathState> after)
        {
            var owning = new List<PathState>(before.Count);
            if (ExceptionHandlers.MutexWaitIn(operation) is not { } wait)
            {
                return owning;
            }

            foreach (var path in after)
            {
                if (TheMutexHeld(wait, path) is { } mutex)
                {
                    foreach (var start in before)
                    {
                        owning.Add(start.WithLock(mutex));
                    }

                    break;
                }
            }

            return owning;
        }

        private HeldLock? TheMutexHeld(IInvocationOperation wait, PathState path)
        {
            var contract = ContractAt(wait, wait.TargetMethod, wait.Instance);
            var substitution = Rebinding(new CallSubstitution(_paths, wait.Instance, wait.Arguments), path);
            foreach (var acquired in contract.Acquires.Concat(contract.TryAcquires))
            {
                if (substitution.Apply(acquired) is { } mutex && path.Find(mutex) is { IsMaybe: false } held)
                {
                    return held;
                }
            }

            return null;
        }

        /// <summary>A call: arguments first, then the callee's contract, in the order a call happens:
        /// the sleep check and handle checks on entry, then releases, acquires and try-acquires.</summary>
        private Outcomes<AbstractValue> EvalCall(IOperation site, IMethodSymbol method, IOperation? instance,
            ImmutableArray<IArgumentOperation> arguments, PathState state)
        {
            var contract = ContractAt(site, method, instance);
            var substitution = Rebinding(new CallSubstitution(_paths, instance, arguments), state);
            var results = default(Outcomes<AbstractValue>);
            var disposes = instance is not null && method.Name == "Dispose" && method.Parameters.IsEmpty;
            var sequence = EvalOperands(instance, arguments, state,
                keepValues: !contract.NonNullHandleParameters.IsEmpty || disposes || !contract.DoesNotReturnIf.IsEmpty || contract.ReleaseFlagParameter >= 0
                    || (instance is not null && !method.ReturnsVoid && !IsInert(instance)));
            for (var n = 0; n < sequence.Count; n++)
            {
                var (evaluated, values) = sequence[n];
                var s = LockObjectsNonNull(Refiner.Dereferenced(instance, evaluated), contract, substitution);
                CheckSleep(s, site, method, contract, substitution, instance);
                CheckHandles(s, method, contract, substitution, values, instance is null ? 0 : 1, arguments);
                if (Sink is not null && (!contract.Requires.IsEmpty || !contract.RequiresShared.IsEmpty || !contract.Excludes.IsEmpty || !contract.MayDrop.IsEmpty
                    || (s.Locks.Length > 0 && method.DeclaringSyntaxReferences.Length > 0)))
                {
                    Sink.On(new Called(s, site, method, contract, substitution));
                }

                RecordImmediateLambdas(s, contract, arguments);
                // A guard's Dispose() whose release was inferred releases through the scope its value carries
                // (which names the caller's lock), not through the guard's own field.
                if (contract.ReleaseFlagParameter >= 0)
                {
                    s = ReleaseByFlag(s, site, contract, substitution, values, instance is null ? 0 : 1, arguments);
                }
                else if (!(disposes && contract.Inferred))
                {
                    s = Release(s, site, contract.Releases, shared: false, substitution, onlyIfHeld: contract.ReleasesOnlyIfHeld);
                    s = Release(s, site, contract.ReleasesShared, shared: true, substitution, upgradeableRead: contract.Upgradeable, onlyIfHeld: contract.ReleasesOnlyIfHeld);
                }

                if (disposes && values is not null && values[0].Scope is { } scope)
                {
                    s = ReleaseScope(s, site, scope, instance!);
                }

                s = Acquire(s, site, contract.Acquires, shared: false, contract, substitution);
                s = Acquire(s, site, contract.AcquiresShared, shared: true, contract, substitution);
                foreach (var mayDrop in contract.MayDrop)
                {
                    if (substitution.Apply(mayDrop) is { } dropped)
                    {
                        s = MarkStale(s, dropped, site);
                    }
                }
                if (!contract.Acquires.IsEmpty && contract.LockTakenParameter >= 0)
                {
                    s = SetArgument(s, substitution, contract.LockTakenParameter, AbstractValue.True);
                }

                foreach (var outParameter in contract.MaybeNullOutParameters)
                {
                    s = SetArgument(s, substitution, outParameter, AbstractValue.MaybeNullHandle);
                }

                var returned = contract.ReturnsMaybeNullHandle ? AbstractValue.MaybeNullHandle : contract.ReturnsTrue ? AbstractValue.True : AbstractValue.Unknown;
                if (contract.ReturnsScope && contract.Acquires.Length + contract.AcquiresShared.Length == 1
                    && substitution.Apply(contract.Acquires.IsEmpty ? contract.AcquiresShared[0] : contract.Acquires[0]) is { } scoped)
                {
                    returned = returned with { Scope = scoped };
                }

                if (!contract.Requires.IsEmpty && Handles.IsHandleType(method.ReturnType) && substitution.Apply(contract.Requires[0]) is { } under)
                {
                    // Derived from data the lock protects (get_one_pte_map under page_table_lock): stale once it may have been dropped.
                    returned = returned with { ReadUnder = under };
                }

                if (instance is not null && values is not null)
                {
                    // The result of a call on data read under a lock (list.ToArray(), map.ContainsKey(k)) goes stale with it.
                    returned = DerivedFrom(returned, values[0]);
                }
                if (contract.DoesNotReturn)
                {
                    continue;
                }

                var survivor = ApplyDoesNotReturnIf(s, contract, substitution);
                if (survivor is null || StopsHere(contract, values, instance is null ? 0 : 1, arguments))
                {
                    continue;
                }

                if (!contract.AssertsHeld.IsEmpty && method.ReturnType.SpecialType == SpecialType.System_Boolean)
                {
                    AddAssertOutcomes(ref results, survivor, site, contract, substitution);
                }
                else if (!contract.AssertsHeld.IsEmpty)
                {
                    var asserted = default(Outcomes<AbstractValue>);
                    AddAssertOutcomes(ref asserted, survivor, site, contract, substitution);
                    results.Add(asserted[0].State, returned); // a void assertion returns only if they are held
                }
                else if (contract.TryAcquires.IsEmpty)
                {
                    results.Add(survivor, returned);
                }
                else
                {
                    AddTryAcquireOutcomes(ref results, survivor, site, contract, substitution);
                }
            }

            return results;
        }

        /// <summary>True when an argument's value is the one that a <c>[DoesNotReturnIf]</c> parameter stops on (<c>Debug.Assert(false)</c>).</summary>
        private static bool StopsHere(MethodContract contract, AbstractValue[]? values, int offset, ImmutableArray<IArgumentOperation> arguments)
        {
            if (values is null)
            {
                return false;
            }

            foreach (var (ordinal, stopsOn) in contract.DoesNotReturnIf)
            {
                for (var i = 0; i < arguments.Length; i++)
                {
                    if (arguments[i].Parameter?.Ordinal == ordinal && i + offset < values.Length
                        && values[i + offset].Bool == (stopsOn ? BoolState.True : BoolState.False))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>Monitor.IsEntered(x)</c>: true on a path where <c>x</c> is held (by this method or, as far as it knows, its caller).</summary>
        private void AddAssertOutcomes(ref Outcomes<AbstractValue> results, PathState s, IOperation site, MethodContract contract, CallSubstitution substitution)
        {
            var held = s;
            var known = true;
            foreach (var lockPath in contract.AssertsHeld)
            {
                if (substitution.Apply(lockPath) is { } path && LockClass.CanClassify(path) && s.Find(path) is null)
                {
                    known = false;
                    held = held.WithLock(new HeldLock(path, LockClass.Of(path), contract.KindOverride ?? LockTypes.KindOf(path.Type), SiteLocations.Of(site)));
                }
            }

            results.Add(held, AbstractValue.True);
            if (!known)
            {
                results.Add(s, AbstractValue.False);
            }
        }

        private void AddTryAcquireOutcomes(ref Outcomes<AbstractValue> results, PathState s, IOperation site, MethodContract contract, CallSubstitution substitution)
        {
            var byRefFlag = contract.LockTakenParameter >= 0;
            var success = s;
            foreach (var lockPath in contract.TryAcquires)
            {
                if (Held(lockPath, substitution, contract, contract.TryAcquiresShared, site, byTry: true) is { } held)
                {
                    Sink?.On(new TryAcquired(success, held, site));
                    success = success.WithLock(held);
                }
            }

            var failure = s;
            if (byRefFlag)
            {
                success = SetArgument(success, substitution, contract.LockTakenParameter, AbstractValue.True);
                failure = SetArgument(failure, substitution, contract.LockTakenParameter, AbstractValue.False);
                results.Add(success, AbstractValue.Unknown);
                results.Add(failure, AbstractValue.Unknown);
                return;
            }

            results.Add(success, AbstractValue.OfBool(contract.TryAcquiresResult));
            results.Add(failure, AbstractValue.OfBool(!contract.TryAcquiresResult));
        }

        private PathState Acquire(PathState s, IOperation site, ImmutableArray<LockPath> locks, bool shared, MethodContract contract, CallSubstitution substitution)
        {
            foreach (var lockPath in locks)
            {
                if (Held(lockPath, substitution, contract, shared, site, byTry: false) is { } held)
                {
                    // A write acquire while holding the upgradeable read upgrades it; its release restores the read.
                    var existing = s.Find(held.Path);
                    var upgrading = !shared && existing is { Upgradeable: true, IsMaybe: false } read ? read : null;
                    held = held.With(shared && contract.Upgradeable, contract.Nested, contract.Reentrant, upgrading);
                    Sink?.On(new Acquired(s, held, site));
                    if (existing is { IsMaybe: false } && upgrading is null)
                    {
                        // Entered again by its holder: one more exit is needed before it is free (for a
                        // lock that is not reentrant that is LD0005's bug, but counting keeps the exits
                        // that follow from being reported as well).
                        var again = existing.WithDepth(System.Math.Min(existing.Depth + 1, HeldLock.MaxDepth));
                        s = s.WithLock(contract.Reentrant || again.Uncorrelated ? again : again.AsUncorrelated());
                        continue;
                    }

                    s = s.WithLock(held);
                }
            }

            return s;
        }

        private PathState Release(PathState s, IOperation site, ImmutableArray<LockPath> locks, bool shared, CallSubstitution substitution, bool upgradeableRead = false, bool onlyIfHeld = false)
        {
            foreach (var release in locks)
            {
                if (substitution.Apply(release) is { } path)
                {
                    var held = s.Find(path);
                    if (held is null && onlyIfHeld)
                    {
                        continue; // a clean-up that releases only what is still held: nothing to do, and no error
                    }

                    Sink?.On(new Released(s, path, shared, held, site, upgradeableRead));
                    s = held is { Depth: > 1 } ? s.WithLock(held.WithDepth(held.Depth - 1))
                        : held?.UpgradedFrom is { } read && !upgradeableRead ? s.WithLock(read)
                        // Leaving the upgradeable read while the write lock taken from it is held: the write
                        // lock stays held (and is LD0004's if nothing releases it).
                        : held is { UpgradedFrom: not null } && upgradeableRead ? s.WithLock(held.With(upgradeable: false, held.Nested, held.Reentrant, upgradedFrom: null))
                        : s.WithoutLock(path);
                }
            }

            return s;
        }

        /// <summary>
        /// A release helper keyed on the caller's <c>ref bool taken</c> (<c>if (taken) { Monitor.Exit(x); taken = false; }</c>):
        /// nothing happens when the flag is false; when it is true, or unknown and the lock is held, the lock
        /// is released and the flag cleared. Unknown and not held is the helper's own check at work, not a bug.
        /// </summary>
        private PathState ReleaseByFlag(PathState s, IOperation site, MethodContract contract, CallSubstitution substitution,
            AbstractValue[]? values, int offset, ImmutableArray<IArgumentOperation> arguments)
        {
            var flag = BoolState.Unknown;
            var byRef = false;
            for (var i = 0; i < arguments.Length; i++)
            {
                if (arguments[i].Parameter is { } parameter && parameter.Ordinal == contract.ReleaseFlagParameter)
                {
                    byRef = parameter.RefKind == RefKind.Ref;
                    if (values is not null && i + offset < values.Length)
                    {
                        flag = values[i + offset].Bool;
                    }
                }
            }

            if (flag == BoolState.False)
            {
                return s;
            }

            var releases = flag == BoolState.True
                ? contract.Releases
                : contract.Releases.Where(p => substitution.Apply(p) is { } path && s.Find(path) is not null).ToImmutableArray();
            s = Release(s, site, releases, shared: false, substitution);
            return byRef
                ? SetArgument(s, substitution, contract.ReleaseFlagParameter, AbstractValue.False) // the helper clears the caller's flag
                : s;
        }

        /// <summary>Disposing a guard releases the lock it holds, once: the variable forgets it.</summary>
        private PathState ReleaseScope(PathState s, IOperation site, LockPath scope, IOperation instance)
        {
            var held = s.Find(scope);
            Sink?.On(new Released(s, scope, held?.Shared ?? false, held, site, UpgradeableRead: false));
            s = s.WithoutLock(scope);
            while (instance is IConversionOperation { OperatorMethod: null } conversion)
            {
                instance = conversion.Operand;
            }

            return Refiner.KeyOf(instance) is { } key ? s.WithValue(key, s.ValueOf(key) with { Scope = null }) : s;
        }

        /// <summary>A lambda passed where it runs at once sees the locks held at the call.</summary>
        private void RecordImmediateLambdas(PathState s, MethodContract contract, ImmutableArray<IArgumentOperation> arguments)
        {
            if (contract.RunsImmediatelyParameters.IsEmpty)
            {
                return;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter is { } parameter && contract.RunsImmediatelyParameters.Contains(parameter.Ordinal)
                    && Unwrap(argument.Value) is IFlowAnonymousFunctionOperation lambda)
                {
                    if (!ImmediateLambdaStates.TryGetValue(lambda.Symbol, out var states))
                    {
                        ImmediateLambdaStates[lambda.Symbol] = states = new List<PathState>();
                    }

                    if (!Contains(states, s))
                    {
                        states.Add(s);
                    }
                }
            }
        }

        /// <summary>A loop, not <c>Any</c> with a lambda: the lambda's capture of the state would be allocated on every call, lambdas or not.</summary>
        private static bool Contains(List<PathState> states, PathState state)
        {
            foreach (var known in states)
            {
                if (known.Equals(state))
                {
                    return true;
                }
            }

            return false;
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IDelegateCreationOperation creation:
                        operation = creation.Target;
                        break;
                    case IConversionOperation { OperatorMethod: null } conversion:
                        operation = conversion.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        private HeldLock? Held(LockPath calleePath, CallSubstitution substitution, MethodContract contract, bool shared, IOperation site, bool byTry)
        {
            var key = (site, calleePath, shared);
            if (!_heldLocks.TryGetValue(key, out var held))
            {
                held = NewHeld(calleePath, substitution.Unbound, contract, shared, site, byTry);
                _heldLocks[key] = held = held is not null && IsSignal(held.Path) ? null : held;
            }

            // Cached as the code spells it; on this path the operand may name a lock held under another name.
            return held is not null && substitution.Apply(calleePath) is { } path && !path.Equals(held.Path) ? held.Renamed(path) : held;
        }

        private static HeldLock? NewHeld(LockPath calleePath, CallSubstitution substitution, MethodContract contract, bool shared, IOperation site, bool byTry)
        {
            var path = substitution.Apply(calleePath);
            if (path is null || !LockClass.CanClassify(path))
            {
                return null;
            }

            var kind = contract.KindOverride ?? LockTypes.KindOf(path.Type);
            return new HeldLock(path, LockClass.Of(path), kind, shared, site, substitution.SpellingRoot(calleePath), calleePath, byTry, fromContract: false);
        }

        private void CheckHandles(PathState s, IMethodSymbol method, MethodContract contract, CallSubstitution substitution,
            AbstractValue[]? values, int firstArgumentValue, ImmutableArray<IArgumentOperation> arguments)
        {
            if (Sink is null || contract.NonNullHandleParameters.IsEmpty || values is null)
            {
                return;
            }

            for (var i = 0; i < arguments.Length; i++)
            {
                var ordinal = arguments[i].Parameter?.Ordinal ?? -1;
                if (contract.NonNullHandleParameters.Contains(ordinal) && i + firstArgumentValue < values.Length)
                {
                    Sink.On(new HandleArgument(s, arguments[i], method, values[i + firstArgumentValue]));
                }
            }
        }

        private PathState? ApplyDoesNotReturnIf(PathState s, MethodContract contract, CallSubstitution substitution)
        {
            PathState? current = s;
            foreach (var (ordinal, value) in contract.DoesNotReturnIf)
            {
                if (current is not null && substitution.Argument(ordinal) is { } argument)
                {
                    current = Refiner.Assume(argument.Value, !value, current);
                }
            }

            return current;
        }

        private PathState SetArgument(PathState s, CallSubstitution substitution, int ordinal, AbstractValue value) =>
            substitution.Argument(ordinal) is { } argument && Refiner.KeyOf(argument.Value) is { } key ? s.WithValue(key, value) : s;
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>Sleeping: whether a call might sleep with a spin lock held that it does not drop.</summary>
    internal sealed partial class TransferFunctions
    {
        private void CheckSleep(PathState s, IOperation site, IMethodSymbol method, MethodContract contract, CallSubstitution substitution, IOperation? instance)
        {
            if (Sink is null || !HoldsSpinLock(s))
            {
                return;
            }

            var drops = ImmutableArray<LockPath>.Empty;
            foreach (var mayDrop in contract.MayDrop)
            {
                if (substitution.Apply(mayDrop) is { } dropped)
                {
                    drops = drops.Add(dropped);
                }
            }

            if (contract.Sleep == SleepDeclaration.MightSleep)
            {
                ReportSleep(s, site, SleepCauseOf(method, contract), drops);
                return;
            }

            if ((AcquiresBlocking(contract.Acquires, substitution, contract, site) ?? AcquiresBlocking(contract.AcquiresShared, substitution, contract, site)) is { } blocking)
            {
                ReportSleep(s, site, new SleepCause(CalleeNames.Describe(method, contract), $"acquires blocking lock '{blocking.Name}'"), drops);
                return;
            }

            if (_services.IsInferred(method, contract))
            {
                Sink.On(new CalledInferred(s, site, method, SpinLocksKept(s, ImmutableArray<LockPath>.Empty), ResolvedBinding.Resolve(substitution, method, _paths, instance)));
            }
        }

        /// <summary>The first blocking lock among <paramref name="locks"/> that the call takes, or null.</summary>
        private HeldLock? AcquiresBlocking(ImmutableArray<LockPath> locks, CallSubstitution substitution, MethodContract contract, IOperation site)
        {
            foreach (var lockPath in locks)
            {
                if (Held(lockPath, substitution, contract, false, site, false) is { Kind: LockKind.Blocking } blocking)
                {
                    return blocking;
                }
            }

            return null;
        }

        /// <summary>The spin locks held for sure on <paramref name="s"/> that a call does not drop, in order; a list is made only when there is one.</summary>
        private static IReadOnlyList<HeldLock> SpinLocksKept(PathState s, ImmutableArray<LockPath> drops)
        {
            List<HeldLock>? kept = null;
            foreach (var held in s.Locks)
            {
                if (held.IsSpin && !held.IsMaybe && !drops.Contains(held.Path))
                {
                    (kept ??= new List<HeldLock>()).Add(held);
                }
            }

            return kept ?? (IReadOnlyList<HeldLock>)Array.Empty<HeldLock>();
        }

        private static bool HoldsSpinLock(PathState s)
        {
            foreach (var held in s.Locks)
            {
                if (held.IsSpin && !held.IsMaybe)
                {
                    return true;
                }
            }

            return false;
        }

        private void ReportSleep(PathState s, IOperation site, SleepCause cause, ImmutableArray<LockPath> drops)
        {
            if (Sink is null)
            {
                return;
            }

            var kept = SpinLocksKept(s, drops);
            if (kept.Count > 0)
            {
                Sink.On(new Slept(s, site, cause, kept));
            }
        }

        private static SleepCause SleepCauseOf(IMethodSymbol method, MethodContract contract) =>
            new SleepCause(CalleeNames.Describe(method, contract), contract.BuiltInName is null ? "it is [MightSleep]" : "it blocks");
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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

            foreach (var locks in new[] { contract.Acquires, contract.AcquiresShared })
            {
                foreach (var lockPath in locks)
                {
                    if (Held(lockPath, substitution, contract, false, site, false) is { Kind: LockKind.Blocking } blocking)
                    {
                        ReportSleep(s, site, new SleepCause(CalleeNames.Describe(method, contract), $"acquires blocking lock '{blocking.Name}'"), drops);
                        return;
                    }
                }
            }

            if (_services.IsInferred(method, contract))
            {
                IReadOnlyList<HeldLock> spin = HoldsSpinLock(s) ? s.Locks.Where(l => l.IsSpin && !l.IsMaybe).ToList() : Array.Empty<HeldLock>();
                Sink.On(new CalledInferred(s, site, method, spin, ResolvedBinding.Resolve(substitution, method, _paths, instance)));
            }
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

            var kept = s.Locks.Where(l => l.IsSpin && !l.IsMaybe && !drops.Contains(l.Path)).ToList();
            if (kept.Count > 0)
            {
                Sink.On(new Slept(s, site, cause, kept));
            }
        }

        private static SleepCause SleepCauseOf(IMethodSymbol method, MethodContract contract) =>
            new SleepCause(CalleeNames.Describe(method, contract), contract.BuiltInName is null ? "it is [MightSleep]" : "it blocks");
    }
}

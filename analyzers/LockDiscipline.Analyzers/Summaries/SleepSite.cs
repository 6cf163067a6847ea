using System.Collections.Generic;
using System.Collections.Immutable;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// One place in a method's body that may make it sleep: a call to something that sleeps (perhaps
    /// dropping some locks, in the method's own terms), or a call to another method of the compilation
    /// whose summary is still being inferred.
    /// </summary>
    internal sealed class SleepSite
    {
        private SleepSite(Location location, string description, SleepSummary? direct, IMethodSymbol? callee, ResolvedBinding? binding)
        {
            Location = location;
            Description = description;
            Direct = direct;
            Callee = callee;
            Binding = binding;
        }

        public Location Location { get; }

        public string Description { get; }

        /// <summary>Set for a call whose sleeping is known (declared or built in).</summary>
        public SleepSummary? Direct { get; }

        /// <summary>Set for a call to a method whose sleeping is inferred.</summary>
        public IMethodSymbol? Callee { get; }

        public ResolvedBinding? Binding { get; }

        public static SleepSite Sleeps(Location location, string description, ImmutableArray<LockPath> drops) =>
            new SleepSite(location, description, drops.IsEmpty ? SleepSummary.Always(description) : SleepSummary.Dropping(drops, description), null, null);

        public static SleepSite Calls(Location location, IMethodSymbol callee, ResolvedBinding binding) =>
            new SleepSite(location, callee.Name + "()", null, callee, binding);
    }

    /// <summary>A call made under spin locks to a method whose sleeping is inferred: judged when the inference closes.</summary>
    internal sealed class PendingCall
    {
        public PendingCall(Location location, IMethodSymbol callee, IReadOnlyList<HeldLock> spinLocksHeld, ResolvedBinding binding)
        {
            Location = location;
            Callee = callee;
            SpinLocksHeld = spinLocksHeld;
            Binding = binding;
        }

        public Location Location { get; }
        public IMethodSymbol Callee { get; }
        public IReadOnlyList<HeldLock> SpinLocksHeld { get; }
        public ResolvedBinding Binding { get; }
    }
}

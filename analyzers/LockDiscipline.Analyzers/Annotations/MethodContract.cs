using System.Collections.Immutable;
using LockDiscipline.Analyzers.LockExpressions;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>What a method declares it does to sleeping.</summary>
    internal enum SleepDeclaration
    {
        /// <summary>Nothing declared: inferred from the body for methods of the compilation.</summary>
        Unknown,
        MightSleep,
        NeverSleeps,
    }

    /// <summary>
    /// Everything the analysis needs to know about a callee, in the callee's own terms (paths rooted at
    /// its parameters and <c>this</c>), from its attributes or from built-in knowledge of .NET locks.
    /// </summary>
    internal sealed class MethodContract
    {
        public static readonly MethodContract None = new MethodContract();

        public ImmutableArray<LockPath> Acquires { get; init; } = ImmutableArray<LockPath>.Empty;
        public ImmutableArray<LockPath> AcquiresShared { get; init; } = ImmutableArray<LockPath>.Empty;
        public ImmutableArray<LockPath> Releases { get; init; } = ImmutableArray<LockPath>.Empty;

        /// <summary>Releases of locks held shared (<c>ExitReadLock</c>, <c>[ReleasesShared]</c>): releasing one held exclusive is LD0006.</summary>
        public ImmutableArray<LockPath> ReleasesShared { get; init; } = ImmutableArray<LockPath>.Empty;

        /// <summary>The acquire may nest inside another lock of the same class (<c>[AcquiresNested]</c>, <c>spin_lock_nested</c>).</summary>
        public bool Nested { get; init; }

        /// <summary>The lock may be taken again by the thread that holds it (<c>Monitor</c>, <c>Lock</c>, <c>Mutex</c>): no LD0005.</summary>
        public bool Reentrant { get; init; }

        /// <summary>The shared acquire (or release) is of an upgradeable read (<c>EnterUpgradeableReadLock</c>, <c>ExitUpgradeableReadLock</c>): a write acquire upgrades it.</summary>
        public bool Upgradeable { get; init; }

        /// <summary>The result is a guard that holds the acquired lock until disposed (<c>Lock.EnterScope()</c>, a <c>[ScopedLock]</c> constructor, an inferred guard's constructor or wrapper).</summary>
        public bool ReturnsScope { get; init; }

        /// <summary>A test of whether the calling thread holds the locks (<c>Monitor.IsEntered</c>): true means held, as if by the caller.</summary>
        public ImmutableArray<LockPath> AssertsHeld { get; init; } = ImmutableArray<LockPath>.Empty;

        /// <summary>Parameters marked <c>[RunsImmediately]</c>: a lambda passed there runs under the caller's locks.</summary>
        public ImmutableArray<int> RunsImmediatelyParameters { get; init; } = ImmutableArray<int>.Empty;
        public ImmutableArray<LockPath> TryAcquires { get; init; } = ImmutableArray<LockPath>.Empty;

        /// <summary>True when the try-acquire takes its locks shared (<c>TryEnterReadLock</c>).</summary>
        public bool TryAcquiresShared { get; init; }

        /// <summary>The return value that means the try-acquire succeeded.</summary>
        public bool TryAcquiresResult { get; init; } = true;

        /// <summary>
        /// A try-acquire that waits forever (<c>TryEnterWriteLock(-1)</c>, <c>Monitor.TryEnter(x, Timeout.Infinite)</c>),
        /// made a plain acquire at the call: it returns only once it holds the lock, and returns true.
        /// </summary>
        public bool ReturnsTrue { get; init; }

        /// <summary>A try-acquire reported through this <c>ref bool</c> parameter rather than the result
        /// (<c>SpinLock.TryEnter(ref taken)</c>), or an acquire that sets it (<c>Enter(ref taken)</c>); -1 if none.</summary>
        public int LockTakenParameter { get; init; } = -1;

        /// <summary>
        /// The <c>ref bool</c> parameter that says whether the caller holds what <see cref="Releases"/> names
        /// (an inferred <c>ReleaseLock(ref bool taken)</c> helper): released only when it is true, then set
        /// false; or a plain <c>bool</c> that says whether to release (<c>Dispose(bool disposing)</c>); -1 if none.
        /// No attribute states this, so it is only ever inferred.
        /// </summary>
        public int ReleaseFlagParameter { get; init; } = -1;

        /// <summary>
        /// <see cref="Releases"/> names locks released only if the caller still holds them (<c>if (_owned > 0) { _owned--;
        /// m.ReleaseMutex(); }</c>, a clean-up that drops what a failed or unfinished operation left held): a call with the
        /// lock not held releases nothing and is no error. No attribute states this, so it is only ever inferred.
        /// </summary>
        public bool ReleasesOnlyIfHeld { get; init; }

        public ImmutableArray<LockPath> Requires { get; init; } = ImmutableArray<LockPath>.Empty;
        public ImmutableArray<LockPath> Excludes { get; init; } = ImmutableArray<LockPath>.Empty;

        /// <summary>Locks callers must hold in either mode (<c>[RequiresShared]</c>); <see cref="Requires"/> needs them exclusive.</summary>
        public ImmutableArray<LockPath> RequiresShared { get; init; } = ImmutableArray<LockPath>.Empty;
        public ImmutableArray<LockPath> MayDrop { get; init; } = ImmutableArray<LockPath>.Empty;

        public SleepDeclaration Sleep { get; init; }

        /// <summary>Overrides the kind that the lock's type would give (a <c>Monitor</c> on any object blocks).</summary>
        public LockKind? KindOverride { get; init; }

        public bool NoLockAnalysis { get; init; }

        public bool ReturnsMaybeNullHandle { get; init; }
        public ImmutableArray<int> MaybeNullOutParameters { get; init; } = ImmutableArray<int>.Empty;
        public ImmutableArray<int> NonNullHandleParameters { get; init; } = ImmutableArray<int>.Empty;

        public bool DoesNotReturn { get; init; }

        /// <summary>Parameters marked <c>[DoesNotReturnIf(value)]</c>: the call returns only if the argument is not the value.</summary>
        public ImmutableArray<(int Ordinal, bool Value)> DoesNotReturnIf { get; init; } = ImmutableArray<(int, bool)>.Empty;

        /// <summary>A description for messages when the contract is built in (<c>Thread.Sleep</c>).</summary>
        public string? BuiltInName { get; init; }

        /// <summary>The lock clauses were inferred from the method's body (an unannotated wrapper), not written.</summary>
        public bool Inferred { get; init; }

        /// <summary>This contract's sleep and handle clauses with the lock clauses of an inferred contract.</summary>
        public MethodContract WithLocksOf(MethodContract inferred) => new MethodContract
        {
            Acquires = inferred.Acquires,
            AcquiresShared = inferred.AcquiresShared,
            Releases = inferred.Releases,
            ReleasesShared = inferred.ReleasesShared,
            TryAcquires = inferred.TryAcquires,
            TryAcquiresShared = inferred.TryAcquiresShared,
            TryAcquiresResult = inferred.TryAcquiresResult,
            Requires = inferred.Requires,
            RequiresShared = inferred.RequiresShared,
            ReturnsScope = inferred.ReturnsScope,
            LockTakenParameter = inferred.LockTakenParameter,
            ReleaseFlagParameter = inferred.ReleaseFlagParameter,
            ReleasesOnlyIfHeld = inferred.ReleasesOnlyIfHeld,
            MayDrop = inferred.MayDrop,
            AssertsHeld = inferred.AssertsHeld,
            KindOverride = inferred.KindOverride ?? KindOverride,
            Reentrant = inferred.Reentrant,
            Inferred = true,
            Sleep = Sleep,
            RunsImmediatelyParameters = RunsImmediatelyParameters,
            ReturnsMaybeNullHandle = ReturnsMaybeNullHandle,
            MaybeNullOutParameters = MaybeNullOutParameters,
            NonNullHandleParameters = NonNullHandleParameters,
            DoesNotReturn = DoesNotReturn,
            DoesNotReturnIf = DoesNotReturnIf,
        };

        /// <summary>True when a call to this method changes or needs the lockset: the cheap pre-filter's question.</summary>
        public bool TouchesLocks =>
            !Acquires.IsEmpty || !AcquiresShared.IsEmpty || !Releases.IsEmpty || !ReleasesShared.IsEmpty || !TryAcquires.IsEmpty
            || !Requires.IsEmpty || !RequiresShared.IsEmpty || !Excludes.IsEmpty || !MayDrop.IsEmpty || !AssertsHeld.IsEmpty;

        /// <summary>True when a call to this method produces or consumes maybe-null handles.</summary>
        public bool TouchesHandles => ReturnsMaybeNullHandle || !MaybeNullOutParameters.IsEmpty || !NonNullHandleParameters.IsEmpty;
    }
}

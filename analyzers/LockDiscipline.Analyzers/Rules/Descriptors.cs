using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>The diagnostic descriptors. Messages name the locks; the held lock's acquisition is an additional location.</summary>
    internal static class Descriptors
    {
        public static readonly DiagnosticDescriptor LockOrder = Create(
            RuleIds.LockOrder,
            "Lock acquired against the declared order",
            "Acquiring '{0}' ({1}) while holding '{2}' ({3}, taken at line {4}): the declared order takes {1} first, so this can deadlock (ABBA); try-acquire it and reorder on failure",
            DiagnosticSeverity.Warning,
            "Taking an earlier lock while a later one is held can deadlock against a thread that takes them in the declared order. A try-acquire cannot deadlock and may go against the order.");

        public static readonly DiagnosticDescriptor SleepUnderSpinLock = Create(
            RuleIds.SleepUnderSpinLock,
            "Might sleep while a spin lock is held",
            "{0} might sleep ({1}) while spin lock '{2}' is held (taken at line {3})",
            DiagnosticSeverity.Warning,
            "Holding a spin lock makes the context atomic: a thread that sleeps there stalls every thread spinning on the lock, and can deadlock. Drop the lock around the sleep, or call a variant that drops it ([MayDrop]).");

        public static readonly DiagnosticDescriptor NullHandle = Create(
            RuleIds.NullHandle,
            "Maybe-null handle used without a check",
            "'{0}' may be a null handle here, and {1} needs a non-null '{2}': check it first",
            DiagnosticSeverity.Warning,
            "A method marked [return: MaybeNullHandle] (or with a [MaybeNullHandle] out parameter) may return a null handle; it must be tested before it reaches a [NonNullHandle] parameter.");

        public static readonly DiagnosticDescriptor HeldAtExit = Create(
            RuleIds.HeldAtExit,
            "Lock still held when the method returns",
            "'{0}' (taken at line {1}) is still held when {2} {3}, and {2} does not declare [Acquires]: release it on every path",
            DiagnosticSeverity.Warning,
            "A lock taken in a method must be released before it returns, on every path, unless the method declares that it acquires it ([Acquires]); a path that returns (or breaks out) early is the usual culprit. A try/finally releases it on every path.");

        public static readonly DiagnosticDescriptor DoubleAcquire = Create(
            RuleIds.DoubleAcquire,
            "Lock acquired while already held",
            "'{0}' is acquired while already held (taken at line {1}): a non-reentrant lock deadlocks on itself",
            DiagnosticSeverity.Warning,
            "Taking a non-reentrant lock that the thread already holds deadlocks (a spin lock spins forever; ReaderWriterLockSlim throws). Taking a second lock of the same lock class is the same lock to the order: say that the nesting is intended, and ordered, with [AcquiresNested].");

        public static readonly DiagnosticDescriptor SameClassAcquire = Create(
            RuleIds.SameClassNested,
            "Second lock of one lock class taken with no order between the two",
            "Acquiring '{0}' while holding '{1}' (taken at line {2}), another lock of the same class {3}: two threads doing this with the instances swapped deadlock; if the nesting is ordered, acquire it with an [AcquiresNested] method",
            DiagnosticSeverity.Warning,
            "Two instances of one lock class (the same field of two objects) are one lock to the declared order. Taking the second while holding the first deadlocks against a thread that takes them the other way round, unless something orders them: say so with [AcquiresNested], as lockdep's spin_lock_nested does.");

        public static readonly DiagnosticDescriptor ReleaseNotHeld = Create(
            RuleIds.ReleaseNotHeld,
            "Lock released while not held",
            "Releasing '{0}', which is not held here (released twice, or never taken on this path)",
            DiagnosticSeverity.Warning,
            "Releasing a lock that is not held (a double release, or a release on a path that never took it), or releasing it in the wrong mode (ExitReadLock for a write lock), corrupts the lock or throws.");

        /// <summary>LD0006's second form: released in the other mode.</summary>
        public static readonly DiagnosticDescriptor ReleaseWrongMode = Create(
            RuleIds.ReleaseNotHeld,
            ReleaseNotHeld.Title.ToString(),
            "Releasing '{0}' as a {1} lock, but it is held for {2} (taken at line {3})",
            DiagnosticSeverity.Warning,
            ReleaseNotHeld.Description.ToString());

        public static readonly DiagnosticDescriptor UncorrelatedMerge = Create(
            RuleIds.UncorrelatedMerge,
            "Lock held on some paths but not others",
            "'{0}' (taken at line {1}) is held on some paths that reach line {2} and not on others, and no condition tells them apart",
            DiagnosticSeverity.Warning,
            "Where paths meet, a lock should be held on all of them or none, unless a variable records which (a bool set by a try-lock, the handle tested before locking): otherwise later code cannot know whether to release it. Loops whose body changes the lockset are the common case.");

        public static readonly DiagnosticDescriptor RequirementNotHeld = Create(
            RuleIds.RequirementNotHeld,
            "Required lock not held",
            "{0} needs '{1}' held ([{2}]), and it is not held here",
            DiagnosticSeverity.Warning,
            "A [Requires] method must be called with its locks held, and so must a [MayDrop] method (it releases them); a [GuardedBy] member may be read only with its lock held (shared or exclusive) and written only with it held exclusive.");

        /// <summary>LD0008's second form: held, but only for reading.</summary>
        public static readonly DiagnosticDescriptor RequirementHeldShared = Create(
            RuleIds.RequirementNotHeld,
            RequirementNotHeld.Title.ToString(),
            "{0} needs '{1}' held exclusive ([{2}]); it is held for reading only (taken at line {3})",
            DiagnosticSeverity.Warning,
            RequirementNotHeld.Description.ToString());

        public static readonly DiagnosticDescriptor InferredDeadlock = Create(
            RuleIds.InferredDeadlock,
            "Locks taken in opposite orders (no declared order)",
            "Possible deadlock: {0}; declare the order with [AcquiredBefore] and keep to it",
            DiagnosticSeverity.Warning,
            "Across the compilation, one place takes lock A and then B while another takes B and then A (directly or through calls): two threads can deadlock. Try-acquires are not counted.",
            WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor StaleValue = Create(
            RuleIds.StaleValue,
            "Value used after its lock may have been dropped",
            "'{0}' was read under '{1}', which {2} (line {3}) may have dropped and retaken: read it again before using it",
            DiagnosticSeverity.Warning,
            "A call marked [MayDrop] may release and retake the lock; anything read under it before the call may have changed meanwhile (the patch's 'we should re-check the src entry').");

        public static readonly DiagnosticDescriptor ExcludedHeld = Create(
            RuleIds.ExcludedHeld,
            "Method called with a lock it excludes",
            "{0} must not be called while '{1}' is held (taken at line {2}): it takes that lock itself",
            DiagnosticSeverity.Warning,
            "An [Excludes] method takes the lock itself; calling it with the lock held deadlocks or re-enters.");

        public static readonly DiagnosticDescriptor InconsistentSynchronization = Create(
            RuleIds.InconsistentSynchronization,
            "Inconsistent synchronization",
            "'{0}' is {1} here without a lock, but it is accessed under '{2}' at {3} (taken at {4}): take '{2}' here, or mark '{0}' [GuardedBy(\"{2}\")] if it is meant to be guarded",
            DiagnosticSeverity.Warning,
            "A private field or auto-property that is accessed under the same lock at two sites or more, in two methods or more, one of them a write, is guarded by that lock in all but name. Writing, changing or enumerating it elsewhere without the lock races with those sites. Constructors, initializers, volatile fields, Interlocked and Volatile accesses, and plain reads are not reported.",
            WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor OrderCycle = Create(
            RuleIds.OrderCycle,
            "The declared lock order has a cycle",
            "The declared lock order has a cycle: {0}",
            DiagnosticSeverity.Error,
            "[AcquiredBefore]/[AcquiredAfter] declare a partial order; a cycle means no acquisition sequence satisfies it.");

        public static readonly DiagnosticDescriptor InvalidAnnotation = Create(
            RuleIds.InvalidAnnotation,
            "Invalid lock annotation",
            "Invalid lock annotation: {0}",
            DiagnosticSeverity.Error,
            "A lock expression must resolve to this, a parameter, a field or property of the containing type, a dotted path from those, or a static Type.Member; attributes must be on the members they describe.");

        public static readonly DiagnosticDescriptor AwaitUnderThreadAffineLock = Create(
            RuleIds.AwaitUnderThreadAffineLock,
            "'await' while a thread-affine lock is held",
            "'await' while '{0}' (taken at line {1}) is held: a {2} lock belongs to the thread that took it, and the method may resume on another thread, which cannot release it",
            DiagnosticSeverity.Warning,
            "Monitor, System.Threading.Lock, ReaderWriterLockSlim and Mutex are owned by the thread that entered them. After an await the rest of the method may run on a thread-pool thread: its Exit throws SynchronizationLockException, and the lock stays held by a thread that has moved on. Release the lock before awaiting, or use SemaphoreSlim.WaitAsync, which any thread may release.");

        public static readonly DiagnosticDescriptor NeverSleepsSleeps = Create(
            RuleIds.NeverSleepsSleeps,
            "A [NeverSleeps] method might sleep",
            "'{0}' is [NeverSleeps], but {1} might sleep ({2})",
            DiagnosticSeverity.Warning,
            "[NeverSleeps] asserts that a method never sleeps and stops the inference at it; a body that calls something that might sleep breaks the assertion, and callers under spin locks are no longer protected.",
            WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor AnalysisAbandoned = Create(
            RuleIds.AnalysisAbandoned,
            "Lock analysis abandoned for this body",
            "The lock analysis of '{0}' was abandoned ({1}): nothing is reported for it, so a clean build does not mean it is correct",
            DiagnosticSeverity.Info,
            "Each body's analysis is bounded so that builds and typing stay fast. A body that needs more (a very large method with many loops and locks) is not analyzed, and this says so, so that 'clean' and 'not analyzed' can be told apart. Raise its severity in .editorconfig to make such bodies visible in builds.");

        public static readonly DiagnosticDescriptor InferredContract = Create(
            RuleIds.InferredContract,
            "Lock contract inferred from the body",
            "'{0}' {1} (inferred from its body); declare it with {2} to make the contract explicit",
            DiagnosticSeverity.Hidden,
            "A method without lock attributes that takes a lock and returns holding it, returns a try-acquire's result, or releases a lock it did not take is a lock wrapper: its callers are checked as if it carried the attribute its body shows. This hidden diagnostic carries the code fix that writes that attribute, so the contract is stated where readers and other assemblies see it.");

        /// <summary>LD0002 found through the compilation's call graph: reported when the compilation ends.</summary>
        public static readonly DiagnosticDescriptor InferredSleepUnderSpinLock = Create(
            RuleIds.SleepUnderSpinLock,
            SleepUnderSpinLock.Title.ToString(),
            SleepUnderSpinLock.MessageFormat.ToString(),
            DiagnosticSeverity.Warning,
            SleepUnderSpinLock.Description.ToString(),
            WellKnownDiagnosticTags.CompilationEnd);

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description, params string[] tags) =>
            new DiagnosticDescriptor(id, title, message, RuleIds.Category, severity, isEnabledByDefault: true, description, RuleIds.HelpLink(id), tags);
    }
}

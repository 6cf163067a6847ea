namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>The rule IDs of SPEC §4, in one place.</summary>
    internal static class RuleIds
    {
        public const string LockOrder = "LD0001";
        public const string SleepUnderSpinLock = "LD0002";
        public const string NullHandle = "LD0003";
        public const string HeldAtExit = "LD0004";
        public const string DoubleAcquire = "LD0005";
        public const string ReleaseNotHeld = "LD0006";
        public const string UncorrelatedMerge = "LD0007";
        public const string RequirementNotHeld = "LD0008";
        public const string OrderCycle = "LD0009";
        public const string InferredDeadlock = "LD0010";
        public const string StaleValue = "LD0011";
        public const string ExcludedHeld = "LD0012";
        public const string InconsistentSynchronization = "LD0013";
        public const string AwaitUnderThreadAffineLock = "LD0014";
        public const string SameClassNested = "LD0015";
        public const string NeverSleepsSleeps = "LD0016";
        public const string AnalysisAbandoned = "LD0017";
        public const string InferredContract = "LD0018";
        public const string InvalidAnnotation = "LD0100";

        public const string Category = "LockDiscipline";

        /// <summary>Each rule's page, beside the analyzers in the repository.</summary>
        public static string HelpLink(string id) =>
            $"https://github.com/lockdiscipline/lockdiscipline/blob/main/analyzers/docs/rules/{id}.md";
    }
}

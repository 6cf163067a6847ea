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

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) =>
            new DiagnosticDescriptor(id, title, message, RuleIds.Category, severity, isEnabledByDefault: true, description, RuleIds.HelpLink(id));
    }
}

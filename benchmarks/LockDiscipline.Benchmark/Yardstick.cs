using Microsoft.CodeAnalysis;

namespace LockDiscipline.Benchmark
{
    /// <summary>What the benchmark's do-nothing analyzers declare (the floor, the driver baseline).</summary>
    internal static class Yardstick
    {
        /// <summary>
        /// An enabled warning, though it is never reported: the command-line compiler skips, without calling
        /// <c>Initialize</c>, an analyzer whose every diagnostic is disabled, hidden or info (checked with a probe
        /// analyzer), and a yardstick that never runs measures nothing. benchmarks/RealCode/EmptyAnalyzer, a
        /// project of its own, declares the same.
        /// </summary>
        public static DiagnosticDescriptor Descriptor(string id, string title) =>
            new DiagnosticDescriptor(id, title, title, "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);
    }
}

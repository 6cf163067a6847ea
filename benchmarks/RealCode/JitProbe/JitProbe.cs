using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JitProbe
{
    /// <summary>
    /// Prints, as the compiler process exits, how many methods the runtime JIT-compiled in it and how long that took
    /// (System.Runtime.JitInfo, read by reflection: the analyzer targets netstandard2.0). Every compilation of a method
    /// counts — the first, and each re-compilation of hot code at a higher tier — whoever's code it is: compiled with
    /// and without another analyzer, the difference is what that analyzer makes the runtime compile. The count barely
    /// moves from one run to the next where the CPU time moves by 10 %.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class JitCountAnalyzer : DiagnosticAnalyzer
    {
        // An enabled warning, never reported: csc skips an analyzer whose diagnostics are all disabled.
        private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("JITCOUNT0", "nothing", "nothing", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static int s_hooked;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            if (Interlocked.Exchange(ref s_hooked, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, __) => Report();
            }
        }

        private static void Report()
        {
            var jitInfo = Type.GetType("System.Runtime.JitInfo, System.Private.CoreLib");
            if (jitInfo is null)
            {
                Console.Error.WriteLine("jit-count: this runtime has no System.Runtime.JitInfo (.NET Core 3.0 or later is needed)");
                return;
            }

            var methods = jitInfo.GetMethod("GetCompiledMethodCount")!.Invoke(null, new object[] { false });
            var time = (TimeSpan)jitInfo.GetMethod("GetCompilationTime")!.Invoke(null, new object[] { false })!;
            Console.Error.WriteLine($"jit-count: {methods} methods compiled, {time.TotalMilliseconds:F0} ms in the JIT");
        }
    }
}

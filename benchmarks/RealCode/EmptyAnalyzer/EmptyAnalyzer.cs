using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace EmptyAnalyzer
{
    /// <summary>Registers one action that does nothing: the floor any analyzer pays in a build.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NothingAnalyzer : DiagnosticAnalyzer
    {
        // An enabled warning, never reported: csc skips an analyzer whose diagnostics are all disabled, hidden or
        // info (see Yardstick in the benchmark project, which says the same for the floor).
        private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("EMPTY0", "nothing", "nothing", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
#if CODE_BLOCK
            context.RegisterCodeBlockAction(_ => { });
#else
            context.RegisterSyntaxTreeAction(_ => { });
#endif
        }
    }
}

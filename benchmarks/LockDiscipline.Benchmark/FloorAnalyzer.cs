using System.Collections.Immutable;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Summaries;
using LockDiscipline.Analyzers.Prefilter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Benchmark
{
    /// <summary>
    /// The floor under any analysis of LockDiscipline's kind: the same pre-filter, then for every body it
    /// lets through what a flow analysis cannot do without — bind the body for its operations, look
    /// through them for anything lock-related, and build the control-flow graph of a body that has
    /// some — and nothing else: no fixpoint, no rules, no inference. What LockDiscipline costs above
    /// this is its own analysis; what this costs is the price of a flow analysis over Roslyn's graphs.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FloorAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = Yardstick.Descriptor("BENCH1", "floor");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var services = new AnalysisServices(start.Compilation);
                start.RegisterCodeBlockAction(block => Visit(block, services, start.Compilation));
            });
        }

        private static void Visit(CodeBlockAnalysisContext block, AnalysisServices services, Compilation compilation)
        {
            if (CodeBlockSyntax.GraphRoot(block.CodeBlock, block.OwningSymbol) is not { } syntax
                || !SyntacticPrefilter.MayMatter(syntax, LockRelevantNames.For(compilation))
                || CodeBlockGraph.RootOperation(block.SemanticModel, syntax, block.CancellationToken) is not { } root
                || !CodeBlockGraph.IsGraphRoot(root))
            {
                return;
            }

            var scan = new BodyScan(services, block.OwningSymbol, ImmutableHashSet<string>.Empty, ownContractTouchesLocks: false);
            scan.Walk(root);
            if (scan.TouchesLocks)
            {
                _ = CodeBlockGraph.Create(root, block.CancellationToken);
            }
        }
    }
}

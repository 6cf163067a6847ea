using System.Collections.Immutable;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Rules;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Analyzers
{
    /// <summary>
    /// The flow rules (LD0001–LD0008, LD0011, LD0012): one data-flow analysis per body, whose events each rule
    /// reads. Bodies that call nothing lock-related are scanned cheaply and never get a control-flow graph.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockFlowAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.LockOrder, Descriptors.SleepUnderSpinLock, Descriptors.NullHandle, Descriptors.HeldAtExit,
            Descriptors.DoubleAcquire, Descriptors.ReleaseNotHeld, Descriptors.UncorrelatedMerge, Descriptors.RequirementNotHeld,
            Descriptors.StaleValue, Descriptors.ExcludedHeld, Descriptors.InferredDeadlock, Descriptors.InvalidAnnotation);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext start)
        {
            var services = new AnalysisServices(start.Compilation);
            var inference = new SleepInference(services);
            var acquisitions = new AcquisitionGraph(() => services.Order);

            start.RegisterOperationBlockAction(context =>
            {
                var ownContract = context.OwningSymbol is IMethodSymbol method ? services.Contracts.For(method) : MethodContract.None;
                if (ownContract.NoLockAnalysis || context.OperationBlocks.IsEmpty)
                {
                    return;
                }

                var tree = context.OperationBlocks[0].Syntax.SyntaxTree;
                var extraSleepers = services.ExtraSleepers(
                    context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(AnalysisServices.MightSleepOptionKey, out var text) ? text : null);
                var scan = new BodyScan(services, context.OwningSymbol, extraSleepers, ownContract.TouchesLocks);
                foreach (var block in context.OperationBlocks)
                {
                    scan.Walk(block);
                }

                scan.Publish(inference, acquisitions);
                if (!scan.TouchesLocks)
                {
                    return;
                }

                var diagnostics = new DiagnosticCollector(context.ReportDiagnostic);
                var sink = new RuleFanOut(new FlowRule[]
                {
                    new LD0001LockOrderRule(diagnostics, () => services.Order),
                    new LD0002SleepUnderSpinLockRule(diagnostics, inference),
                    new LD0003NullHandleRule(diagnostics),
                    new LD0004HeldAtExitRule(diagnostics, services.Contracts),
                    new LD0005DoubleAcquireRule(diagnostics),
                    new LD0006ReleaseNotHeldRule(diagnostics, context.OwningSymbol),
                    new LD0007UncorrelatedMergeRule(diagnostics),
                    new LD0008RequirementNotHeldRule(diagnostics),
                    new LD0011StaleValueRule(diagnostics),
                    new LD0012ExcludedHeldRule(diagnostics),
                    new LD0010AcquisitionEdgesRule(diagnostics, acquisitions, context.OwningSymbol),
                });

                // An operation block's graph is built for its root (the method body above a block);
                // a method with a body and an expression body has two blocks and one root.
                var roots = new System.Collections.Generic.HashSet<IOperation>();
                foreach (var block in context.OperationBlocks)
                {
                    var root = block;
                    while (root.Parent is not null)
                    {
                        root = root.Parent;
                    }

                    if (IsGraphRoot(root.Kind) && roots.Add(root))
                    {
                        MethodBodyAnalysis.Run(services, context.GetControlFlowGraph(block), context.OwningSymbol, extraSleepers, sink, scan.HasLambdas);
                    }
                }
            });

            start.RegisterCompilationEndAction(end =>
            {
                var diagnostics = new DiagnosticCollector(end.ReportDiagnostic);
                inference.Report(diagnostics);
                acquisitions.Report(diagnostics);
            });
        }

        private static bool IsGraphRoot(OperationKind kind) => kind is OperationKind.Block or OperationKind.MethodBody
            or OperationKind.ConstructorBody or OperationKind.FieldInitializer or OperationKind.PropertyInitializer
            or OperationKind.ParameterInitializer;
    }
}

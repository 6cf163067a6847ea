using System.Collections.Generic;
using System.Collections.Immutable;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Analyzers.Rules;
using LockDiscipline.Analyzers.Summaries;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Analyzers
{
    /// <summary>
    /// The flow rules (LD0001–LD0008, LD0010–LD0012): one data-flow analysis per body, whose events each rule
    /// reads. A semantic-model action, once per syntax tree, that finds the tree's code blocks itself
    /// (<see cref="DeclaredCodeBlocks"/>): neither an operation-block action, which would make the driver
    /// build every body's operations, nor a code-block action, which makes it walk every node and token of
    /// every declaration first. A body that the <see cref="SyntacticPrefilter"/> clears is never bound a
    /// second time; one that passes is bound, scanned cheaply, and gets a control-flow graph only if the
    /// scan finds something lock-related.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockFlowAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.LockOrder, Descriptors.SleepUnderSpinLock, Descriptors.NullHandle, Descriptors.HeldAtExit,
            Descriptors.DoubleAcquire, Descriptors.SameClassAcquire, Descriptors.ReleaseNotHeld, Descriptors.ReleaseWrongMode, Descriptors.RequirementHeldShared, Descriptors.UncorrelatedMerge, Descriptors.RequirementNotHeld,
            Descriptors.StaleValue, Descriptors.ExcludedHeld, Descriptors.InferredDeadlock, Descriptors.InferredSleepUnderSpinLock,
            Descriptors.NeverSleepsSleeps, Descriptors.AnalysisAbandoned, Descriptors.AwaitUnderThreadAffineLock, Descriptors.InferredContract,
            Descriptors.InconsistentSynchronization);

        private readonly System.Action<AcquisitionGraph>? _onGraphComplete;

        public LockFlowAnalyzer()
        {
        }

        /// <summary>For <see cref="LockDisciplineRunner"/>: hears of the compilation's acquisition graph when the compilation ends.</summary>
        internal LockFlowAnalyzer(System.Action<AcquisitionGraph> onGraphComplete)
        {
            _onGraphComplete = onGraphComplete;
        }

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static bool IsOn(AnalyzerConfigOptions options, string key) =>
            options.TryGetValue(key, out var text) && text.Trim().Equals("true", System.StringComparison.OrdinalIgnoreCase);

        private void OnCompilationStart(CompilationStartAnalysisContext start)
        {
            var services = new AnalysisServices(start.Compilation);
            services.Contracts.Inference = new ContractInference(services).For;
            var calls = new CallGraph();
            var inference = new SleepInference(services, calls);
            System.Func<Ordering.LockOrder> order = () => services.Order; // built on first use, once for the compilation
            var acquisitions = new AcquisitionGraph(order, calls);
            var onDemand = new OnDemandScans(services, inference, calls);
            var guards = new GuardInference(services, calls);

            var generatedCodeAttribute = start.Compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
            var generatedTypes = new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterSemanticModelAction(context =>
            {
                var model = context.SemanticModel;
                var tree = model.SyntaxTree;
                var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree);
                var extraSleepers = services.ExtraSleepers(options.TryGetValue(AnalysisServices.MightSleepOptionKey, out var text) ? text : null);
                var prefilter = !(options.TryGetValue(SyntacticPrefilter.OptionKey, out var on) && on.Trim().Equals("false", System.StringComparison.OrdinalIgnoreCase));
                var settings = new FileSettings(
                    extraSleepers,
                    ControlFlowDriver.VisitsPerBlockFrom(options.TryGetValue(ControlFlowDriver.VisitsPerBlockOptionKey, out var bound) ? bound : null),
                    InferredCallChain.MaxChainFrom(options.TryGetValue(InferredCallChain.OptionKey, out var chain) ? chain : null));
                var names = prefilter ? LockRelevantNames.For(start.Compilation) : null;
                var screen = names is null ? null : TextScreen.For(tree, names, context.CancellationToken);
                guards.SawTree(tree, screen);
                var hidden = tree.HasHiddenRegions();
                var blocks = DeclaredCodeBlocks.In((CompilationUnitSyntax)tree.GetRoot(context.CancellationToken), context.FilterSpan);
                var wholeFile = context.FilterSpan is null; // a span (an editor's request) ends in no compilation end
                var callees = wholeFile ? new List<IMethodSymbol>() : null;
                if (wholeFile)
                {
                    services.Remember(model); // for what the compilation's end binds in this file
                }

                // One delegate for the file: a method group of the context (a struct) made into a delegate boxes a copy of it, each time.
                System.Action<Diagnostic> report = context.ReportDiagnostic;
                for (var i = 0; i < blocks.Count; i++)
                {
                    var block = blocks[i];
                    context.CancellationToken.ThrowIfCancellationRequested();
                    var mayMatter = names is null || SyntacticPrefilter.MayMatter(block.GraphRoot, names, screen!);
                    if (!mayMatter && !block.MayCarryContract(annotationsVisible: names is null || names.MayBeAnnotated))
                    {
                        continue; // a body that spells nothing lock-related, and whose owner can have no contract
                    }

                    if (block.Owner(model, context.CancellationToken) is not { } owner
                        || (hidden && tree.GetLineVisibility(block.Declaration.SpanStart, context.CancellationToken) == LineVisibility.Hidden)
                        || DeclaredCodeBlocks.IsGeneratedCodeSymbol(owner, generatedCodeAttribute, generatedTypes))
                    {
                        continue; // as the driver, which gives generated code no code-block action
                    }

                    AnalyzeBlock(block.GraphRoot, owner, model, mayMatter, settings, report, callees, context.CancellationToken);
                }

                if (callees is { Count: > 0 })
                {
                    onDemand.ScanInFile(model, callees, settings.ExtraSleepers, context.CancellationToken);
                }
            });

            // One body, as a code-block action would have seen it.
            void AnalyzeBlock(SyntaxNode rootSyntax, ISymbol owner, SemanticModel model, bool mayMatter, FileSettings settings,
                System.Action<Diagnostic> report, List<IMethodSymbol>? callees, CancellationToken cancellation)
            {
                var extraSleepers = settings.ExtraSleepers;
                var ownContract = owner is IMethodSymbol method ? services.Contracts.For(method) : MethodContract.None;
                // A body whose own contract is about locks or sleeping is analyzed whatever it spells
                // ([NeverSleeps] is checked against what it calls).
                if (ownContract.NoLockAnalysis || (!mayMatter && !ownContract.TouchesLocks && ownContract.Sleep == SleepDeclaration.Unknown))
                {
                    return;
                }

                // Only now are the body's operations built (binding it): one graph root per code block.
                if (CodeBlockGraph.RootOperation(model, rootSyntax, cancellation) is not { } root
                    || !CodeBlockGraph.IsGraphRoot(root))
                {
                    return;
                }

                var scan = new BodyScan(services, owner, extraSleepers, ownContract.TouchesLocks);
                scan.Walk(root);
                scan.Publish(inference, calls);
                onDemand.Scanned(owner);
                if (!scan.TouchesLocks)
                {
                    return;
                }

                callees?.AddRange(scan.SourceCallees);

                if (CodeBlockGraph.Create(root, cancellation) is not { } graph)
                {
                    return;
                }

                var diagnostics = new DiagnosticCollector(report);
                var sink = new RuleFanOut(new FlowRule[]
                {
                    new LD0001LockOrderRule(diagnostics, order),
                    new LD0002SleepUnderSpinLockRule(diagnostics, inference),
                    new LD0003NullHandleRule(diagnostics),
                    new LD0004HeldAtExitRule(diagnostics, services.Contracts),
                    new LD0005DoubleAcquireRule(diagnostics),
                    new LD0015SameClassNestedRule(diagnostics),
                    new LD0006ReleaseNotHeldRule(diagnostics, owner),
                    new LD0007UncorrelatedMergeRule(diagnostics),
                    new LD0008RequirementNotHeldRule(diagnostics, ownerIsInferred: !ownContract.TouchesLocks),
                    new LD0011StaleValueRule(diagnostics),
                    new LD0012ExcludedHeldRule(diagnostics),
                    new LD0014ThreadAffineAwaitRule(diagnostics),
                    new LD0017AnalysisAbandonedRule(diagnostics),
                    new LD0018InferredContractRule(diagnostics, services.Contracts),
                    new LD0010InferredDeadlockRule(diagnostics, acquisitions, owner, settings.MaxInferredCallChain),
                    new LD0013InconsistentSynchronizationRule(diagnostics, guards, owner, rootSyntax),
                });
                using (CodeBlockGraph.Lend(root, graph))
                {
                    MethodBodyAnalysis.Run(services, graph, owner, extraSleepers, sink, scan.HasLambdas, settings.VisitsPerBlock);
                }
            }

            start.RegisterCompilationEndAction(end =>
            {
                // From here on, what a summary needs of a body nobody analyzed is scanned on demand.
                var optionsProvider = end.Options.AnalyzerConfigOptionsProvider;
                onDemand.ExtraSleepers = tree => services.ExtraSleepers(
                    optionsProvider.GetOptions(tree).TryGetValue(AnalysisServices.MightSleepOptionKey, out var list) ? list : null);
                onDemand.CancellationToken = end.CancellationToken;
                calls.ScanOnDemand = onDemand.Ensure;
                var diagnostics = new DiagnosticCollector(end.ReportDiagnostic);
                var sleeping = inference.Judge();
                LD0002SleepUnderSpinLockRule.Report(diagnostics, sleeping);
                LD0016NeverSleepsSleepsRule.Report(diagnostics, sleeping);
                LD0010InferredDeadlockRule.Report(diagnostics, acquisitions);
                LD0013InconsistentSynchronizationRule.Report(diagnostics, guards.Judge(end.Compilation, tree => IsOn(optionsProvider.GetOptions(tree), GuardInference.ReportReadsOptionKey), end.CancellationToken));
                _onGraphComplete?.Invoke(acquisitions);
            });
        }

        /// <summary>The <c>.editorconfig</c> settings of one file, read once per file.</summary>
        private sealed record FileSettings(ImmutableHashSet<string> ExtraSleepers, int VisitsPerBlock, int MaxInferredCallChain);
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Analyzers.Rules;
using LockDiscipline.Analyzers.Summaries;
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
            var flow = new CompilationFlow(start.Compilation);
            var services = flow.Services;
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
                flow.Guards.SawTree(tree, screen);
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

                    flow.AnalyzeBody(block.GraphRoot, owner, model, mayMatter, settings, report, callees, context.CancellationToken);
                }

                if (callees is { Count: > 0 })
                {
                    flow.OnDemand.ScanInFile(model, callees, settings.ExtraSleepers, context.CancellationToken);
                }
            });

            start.RegisterCompilationEndAction(end =>
            {
                var optionsProvider = end.Options.AnalyzerConfigOptionsProvider;
                flow.End(end.Compilation, end.ReportDiagnostic,
                    tree => services.ExtraSleepers(optionsProvider.GetOptions(tree).TryGetValue(AnalysisServices.MightSleepOptionKey, out var list) ? list : null),
                    tree => IsOn(optionsProvider.GetOptions(tree), GuardInference.ReportReadsOptionKey), end.CancellationToken);
                _onGraphComplete?.Invoke(flow.Acquisitions);
            });
        }
    }
}

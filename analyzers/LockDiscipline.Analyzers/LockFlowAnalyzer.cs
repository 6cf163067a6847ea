using System.Collections.Generic;
using System.Collections.Immutable;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Analyzers.Rules;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
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
            start.RegisterSemanticModelAction(context =>
            {
                var model = context.SemanticModel;
                var tree = model.SyntaxTree;
                var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree);
                var prefilter = !(options.TryGetValue(SyntacticPrefilter.OptionKey, out var on) && on.Trim().Equals("false", System.StringComparison.OrdinalIgnoreCase));
                var settings = flow.SettingsOf(key => options.TryGetValue(key, out var value) ? value : null);
                var names = prefilter ? LockRelevantNames.For(start.Compilation) : null;
                flow.AnalyzeFile(model, names, context.FilterSpan, settings, context.ReportDiagnostic, context.CancellationToken);
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

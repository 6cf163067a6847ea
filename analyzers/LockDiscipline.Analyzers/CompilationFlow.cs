using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Rules;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Analyzers
{
    /// <summary>
    /// One compilation's flow analysis: the services and summaries it keeps from its start to its end, the
    /// analysis of one body, and the rules judged at the end. <see cref="LockFlowAnalyzer"/> decides which bodies
    /// reach <see cref="AnalyzeBody"/> (the pre-filter, generated code, an editor's span); the benchmark's
    /// <c>flow</c> mode calls it directly, to time the per-body analysis without the compile around it.
    /// </summary>
    internal sealed class CompilationFlow
    {
        private readonly SleepInference _inference;
        private readonly CallGraph _calls;
        private readonly System.Func<Ordering.LockOrder> _order;
        private readonly AcquisitionGraph _acquisitions;

        public CompilationFlow(Compilation compilation)
        {
            var services = new AnalysisServices(compilation);
            services.Contracts.Inference = new ContractInference(services).For;
            Services = services;
            _calls = new CallGraph();
            _inference = new SleepInference(services, _calls);
            _order = () => services.Order; // built on first use, once for the compilation
            _acquisitions = new AcquisitionGraph(_order, _calls);
            OnDemand = new OnDemandScans(services, _inference, _calls);
            Guards = new GuardInference(services, _calls);
        }

        public AnalysisServices Services { get; }

        /// <summary>What the compilation's bodies acquired and in which order (for the command-line tool's picture).</summary>
        public AcquisitionGraph Acquisitions => _acquisitions;

        /// <summary>Scans of bodies no flow analyzed, made when a summary needs them.</summary>
        public OnDemandScans OnDemand { get; }

        /// <summary>LD0013's evidence: which member is accessed under which locks.</summary>
        public GuardInference Guards { get; }

        /// <summary>
        /// One body, as a code-block action would have seen it: bound, scanned, and, when the scan finds it
        /// touches locks, given its graph and the flow with every rule. <paramref name="callees"/>, when given,
        /// collects the compilation's methods the body calls (their summaries are scanned with the file).
        /// </summary>
        public void AnalyzeBody(SyntaxNode rootSyntax, ISymbol owner, SemanticModel model, bool mayMatter, FileSettings settings,
            System.Action<Diagnostic> report, List<IMethodSymbol>? callees, CancellationToken cancellation)
        {
            var services = Services;
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
            scan.Publish(_inference, _calls);
            OnDemand.Scanned(owner);
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
                new LD0001LockOrderRule(diagnostics, _order),
                new LD0002SleepUnderSpinLockRule(diagnostics, _inference),
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
                new LD0010InferredDeadlockRule(diagnostics, _acquisitions, owner, settings.MaxInferredCallChain),
                new LD0013InconsistentSynchronizationRule(diagnostics, Guards, owner, rootSyntax),
            });
            using (CodeBlockGraph.Lend(root, graph))
            {
                MethodBodyAnalysis.Run(services, graph, owner, extraSleepers, sink, scan.HasLambdas, settings.VisitsPerBlock);
            }
        }

        /// <summary>
        /// The compilation's end: what the bodies recorded is judged (inferred sleeping, LD0010's cycles, LD0013), and
        /// from here on what a summary needs of a body nobody analyzed is scanned on demand.
        /// <paramref name="reportReads"/> says whether LD0013 reports reads in a tree; <paramref name="extraSleepers"/>
        /// gives a tree's configured sleeping methods.
        /// </summary>
        public void End(Compilation compilation, System.Action<Diagnostic> report, System.Func<SyntaxTree, ImmutableHashSet<string>> extraSleepers,
            System.Func<SyntaxTree, bool> reportReads, CancellationToken cancellation)
        {
            OnDemand.ExtraSleepers = extraSleepers;
            OnDemand.CancellationToken = cancellation;
            _calls.ScanOnDemand = OnDemand.Ensure;
            var diagnostics = new DiagnosticCollector(report);
            var sleeping = _inference.Judge();
            LD0002SleepUnderSpinLockRule.Report(diagnostics, sleeping);
            LD0016NeverSleepsSleepsRule.Report(diagnostics, sleeping);
            LD0010InferredDeadlockRule.Report(diagnostics, _acquisitions);
            LD0013InconsistentSynchronizationRule.Report(diagnostics, Guards.Judge(compilation, reportReads, cancellation));
        }
    }

    /// <summary>The <c>.editorconfig</c> settings of one file, read once per file.</summary>
    internal sealed record FileSettings(ImmutableHashSet<string> ExtraSleepers, int VisitsPerBlock, int MaxInferredCallChain);
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Analyzers.Rules;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LockDiscipline.Analyzers
{
    /// <summary>
    /// One compilation's flow analysis: the services and summaries it keeps from its start to its end, one file's
    /// analysis (which bodies, <see cref="BodiesIn"/>; each body's, <see cref="AnalyzeBody"/>), and the rules judged at
    /// the end.
    /// <see cref="LockFlowAnalyzer"/> calls it from the driver's actions; the benchmark's <c>flow</c> mode calls it
    /// directly, to time the per-body analysis without the compile around it.
    /// </summary>
    internal sealed class CompilationFlow
    {
        private readonly SleepInference _inference;
        private readonly CallGraph _calls;
        private readonly System.Func<Ordering.LockOrder> _order;

        /// <summary>Scans of bodies no flow analyzed, made when a summary needs them.</summary>
        private readonly OnDemandScans _onDemand;

        /// <summary>LD0013's evidence: which member is accessed under which locks.</summary>
        private readonly GuardInference _guards;
        private readonly INamedTypeSymbol? _generatedCodeAttribute;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> _generatedTypes =
            new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

        public CompilationFlow(Compilation compilation)
        {
            var services = new AnalysisServices(compilation);
            services.Contracts.Inference = new ContractInference(services).For;
            Services = services;
            _calls = new CallGraph();
            _inference = new SleepInference(services, _calls);
            _order = () => services.Order; // built on first use, once for the compilation
            Acquisitions = new AcquisitionGraph(_order, _calls);
            _onDemand = new OnDemandScans(services, _inference, _calls);
            _guards = new GuardInference(services, _calls);
            _generatedCodeAttribute = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
        }

        public AnalysisServices Services { get; }

        /// <summary>
        /// How far <see cref="AnalyzeBody"/> goes: the whole way in the analyzer. The benchmark stops it after the scan or
        /// after the graph, to time and weigh each phase on its own (what is left is the flow and its rules).
        /// </summary>
        internal AnalysisDepth Depth { get; set; } = AnalysisDepth.Full;

        /// <summary>What the compilation's bodies acquired and in which order (for the command-line tool's picture).</summary>
        public AcquisitionGraph Acquisitions { get; }

        /// <summary>
        /// A file's settings, from its <c>.editorconfig</c>: <paramref name="option"/> gives an option's text, or null
        /// where it is not set (every setting then has its default).
        /// </summary>
        public FileSettings SettingsOf(System.Func<string, string?> option) => new FileSettings(
            Services.ExtraSleepers(option(AnalysisServices.MightSleepOptionKey)),
            ControlFlowDriver.VisitsPerBlockFrom(option(ControlFlowDriver.VisitsPerBlockOptionKey)),
            InferredCallChain.MaxChainFrom(option(InferredCallChain.OptionKey)));

        /// <summary>
        /// One file, as the analyzer's semantic-model action sees it: its bodies (<see cref="BodiesIn"/>) analyzed, and
        /// the compilation's methods they call scanned for their summaries. <paramref name="names"/> is the
        /// pre-filter's (null when it is off); <paramref name="span"/>, an editor's request for part of the file, is
        /// followed by no compilation end, so the file's model is not remembered for one and its callees are not scanned.
        /// </summary>
        public void AnalyzeFile(SemanticModel model, LockRelevantNames? names, TextSpan? span, FileSettings settings,
            System.Action<Diagnostic> report, CancellationToken cancellation)
        {
            var tree = model.SyntaxTree;
            var screen = names is null ? null : TextScreen.For(tree, names, cancellation);
            _guards.SawTree(tree, screen);
            var callees = span is null ? new List<IMethodSymbol>() : null;
            if (span is null)
            {
                Services.Remember(model); // for what the compilation's end binds in this file
            }

            foreach (var body in BodiesIn(model, names, screen, span, cancellation))
            {
                AnalyzeBody(body, model, settings, report, callees, cancellation);
            }

            if (callees is { Count: > 0 })
            {
                _onDemand.ScanInFile(model, callees, settings.ExtraSleepers, cancellation);
            }
        }

        /// <summary>
        /// The bodies of <paramref name="model"/>'s file (within <paramref name="span"/>, an editor's request, if given)
        /// that <see cref="AnalyzeBody"/> is given, in the file's order: those the pre-filter lets through
        /// (<paramref name="names"/> and <paramref name="screen"/>; null for none) or whose owner may carry a contract,
        /// whose owner is bound, and which are neither hidden nor generated code (as the driver, which gives generated
        /// code no code-block action).
        /// </summary>
        public IEnumerable<FileBody> BodiesIn(SemanticModel model, LockRelevantNames? names, TextScreen? screen, TextSpan? span, CancellationToken cancellation)
        {
            var tree = model.SyntaxTree;
            var hidden = tree.HasHiddenRegions();
            foreach (var block in DeclaredCodeBlocks.In((CompilationUnitSyntax)tree.GetRoot(cancellation), span))
            {
                cancellation.ThrowIfCancellationRequested();
                var mayMatter = names is null || SyntacticPrefilter.MayMatter(block.GraphRoot, names, screen!);
                if (!mayMatter && !block.MayCarryContract(annotationsVisible: names is null || names.MayBeAnnotated))
                {
                    continue; // a body that spells nothing lock-related, and whose owner can have no contract
                }

                if (block.Owner(model, cancellation) is not { } owner
                    || (hidden && tree.GetLineVisibility(block.Declaration.SpanStart, cancellation) == LineVisibility.Hidden)
                    || DeclaredCodeBlocks.IsGeneratedCodeSymbol(owner, _generatedCodeAttribute, _generatedTypes))
                {
                    continue;
                }

                yield return new FileBody(block.GraphRoot, owner, mayMatter);
            }
        }

        /// <summary>
        /// One body, as a code-block action would have seen it: bound, scanned, and, when the scan finds it
        /// touches locks, given its graph and the flow with every rule. <paramref name="callees"/>, when given,
        /// collects the compilation's methods the body calls (their summaries are scanned with the file).
        /// </summary>
        public void AnalyzeBody(FileBody body, SemanticModel model, FileSettings settings,
            System.Action<Diagnostic> report, List<IMethodSymbol>? callees, CancellationToken cancellation)
        {
            var (rootSyntax, owner, mayMatter) = body;
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
            _onDemand.Scanned(owner);
            if (!scan.TouchesLocks)
            {
                return;
            }

            callees?.AddRange(scan.SourceCallees);
            if (Depth == AnalysisDepth.Scan || CodeBlockGraph.Create(root, cancellation) is not { } graph || Depth == AnalysisDepth.Graph)
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
                new LD0010InferredDeadlockRule(diagnostics, Acquisitions, owner, settings.MaxInferredCallChain, scan.Fresh),
                new LD0013InconsistentSynchronizationRule(diagnostics, _guards, owner, rootSyntax),
            });
            foreach (var (asserted, _) in scan.AssertedOnEntry)
            {
                if (owner is IMethodSymbol assertingMethod && Ordering.LockClass.CanClassify(asserted))
                {
                    Acquisitions.RecordAssertedOnEntry(assertingMethod, Ordering.LockClass.Of(asserted));
                }
            }

            using (CodeBlockGraph.Lend(root, graph))
            {
                MethodBodyAnalysis.Run(services, graph, owner, extraSleepers, sink, scan.HasLambdas, settings.VisitsPerBlock, scan.AssertedOnEntry);
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
            _onDemand.ExtraSleepers = extraSleepers;
            _onDemand.CancellationToken = cancellation;
            _calls.ScanOnDemand = _onDemand.Ensure;
            var diagnostics = new DiagnosticCollector(report);
            var sleeping = _inference.Judge();
            LD0002SleepUnderSpinLockRule.Report(diagnostics, sleeping);
            LD0016NeverSleepsSleepsRule.Report(diagnostics, sleeping);
            LD0010InferredDeadlockRule.Report(diagnostics, Acquisitions);
            LD0013InconsistentSynchronizationRule.Report(diagnostics, _guards.Judge(compilation, reportReads, cancellation));
        }
    }

    /// <summary>How far <see cref="CompilationFlow.AnalyzeBody"/> goes: the scan only, the scan and the graph, or the whole analysis.</summary>
    internal enum AnalysisDepth
    {
        Scan,
        Graph,
        Full,
    }

    /// <summary>A body <see cref="CompilationFlow.BodiesIn"/> found: its graph's root syntax, its owner, and whether it spells anything lock-related.</summary>
    internal readonly record struct FileBody(SyntaxNode Root, ISymbol Owner, bool MayMatter);

    /// <summary>The <c>.editorconfig</c> settings of one file, read once per file.</summary>
    internal sealed record FileSettings(ImmutableHashSet<string> ExtraSleepers, int VisitsPerBlock, int MaxInferredCallChain);
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Rules;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Analyzers
{
    /// <summary>
    /// LockDiscipline as a library, for tools that hold compilations themselves (the command-line
    /// tool): runs the analyzers on a compilation and hands back, beside the diagnostics, the lock
    /// classes and the order — declared and observed — that the analysis saw, so several compilations'
    /// orders can be joined (a deadlock whose halves are in two assemblies) and drawn.
    /// </summary>
    public static class LockDisciplineRunner
    {
        /// <summary>Every analyzer the package ships.</summary>
        public static ImmutableArray<DiagnosticAnalyzer> Analyzers =>
            ImmutableArray.Create<DiagnosticAnalyzer>(new LockFlowAnalyzer(), new LockAnnotationAnalyzer());

        /// <summary>Runs every analyzer on <paramref name="compilation"/>: its diagnostics, and the lock facts it observed.</summary>
        public static async Task<LockDisciplineResult> AnalyzeAsync(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            AcquisitionGraph? graph = null;
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new LockFlowAnalyzer(g => graph = g), new LockAnnotationAnalyzer());
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            return LockDisciplineResult.From(compilation, diagnostics, graph);
        }

        /// <summary>
        /// LD0010 across compilations: the cycles of the union of the results' observed edges that no
        /// single result closes by itself (those it reported already), one diagnostic per cycle with every site.
        /// </summary>
        public static ImmutableArray<Diagnostic> CrossCompilationDeadlocks(IReadOnlyList<LockDisciplineResult> results)
        {
            var declared = new HashSet<(string, string)>(results.SelectMany(r => r.Edges).Where(e => e.IsDeclared).Select(e => (e.FromKey, e.ToKey)));
            var observed = results
                .SelectMany((r, index) => r.Edges.Where(e => !e.IsDeclared).Select(e => (Edge: e, Result: index)))
                .GroupBy(p => (p.Edge.FromKey, p.Edge.ToKey))
                .Where(g => !declared.Contains(g.Key) && !declared.Contains((g.Key.ToKey, g.Key.FromKey)))
                .ToDictionary(g => g.Key, g => g.First());
            var successors = observed.Keys.GroupBy(k => k.FromKey).ToDictionary(g => g.Key, g => g.Select(k => k.ToKey).ToList());
            var diagnostics = new List<Diagnostic>();
            var collector = new DiagnosticCollector(diagnostics.Add);
            foreach (var cycle in LockCycles.Find(successors, System.StringComparer.Ordinal))
            {
                var edges = cycle.Select((c, i) => observed[(c, cycle[(i + 1) % cycle.Count])]).ToList();
                if (edges.Select(e => e.Result).Distinct().Count() < 2)
                {
                    continue;
                }

                LD0010InferredDeadlockRule.Report(collector,
                    edges.Select(e => (e.Edge.From, e.Edge.HeldSite ?? Location.None, e.Edge.To, e.Edge.Site, e.Edge.Callee, e.Edge.TakenAt)).ToList());
            }

            return diagnostics.ToImmutableArray();
        }
    }

    /// <summary>What one compilation's analysis found: diagnostics, lock classes, and the order edges among them.</summary>
    public sealed class LockDisciplineResult
    {
        private LockDisciplineResult(ImmutableArray<Diagnostic> diagnostics, ImmutableArray<LockClassFact> lockClasses, ImmutableArray<LockEdgeFact> edges)
        {
            Diagnostics = diagnostics;
            LockClasses = lockClasses;
            Edges = edges;
        }

        public ImmutableArray<Diagnostic> Diagnostics { get; }

        public ImmutableArray<LockClassFact> LockClasses { get; }

        public ImmutableArray<LockEdgeFact> Edges { get; }

        internal static LockDisciplineResult From(Compilation compilation, ImmutableArray<Diagnostic> diagnostics, AcquisitionGraph? graph)
        {
            var order = graph?.Order ?? LockOrder.For(compilation);
            var edges = new List<LockEdgeFact>();
            foreach (var edge in order.SourceEdges)
            {
                edges.Add(LockEdgeFact.Declared(edge.Before, edge.After, edge.Attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? Location.None));
            }

            if (graph is not null)
            {
                foreach (var edge in graph.AllObservedEdges())
                {
                    edges.Add(LockEdgeFact.Observed(edge));
                }
            }

            var classes = new Dictionary<string, LockClassFact>();
            foreach (var lockClass in order.SourceEdges.SelectMany(e => new[] { e.Before, e.After })
                .Concat(graph?.AcquiredClasses() ?? Enumerable.Empty<LockClass>()))
            {
                var fact = LockClassFact.Of(lockClass);
                if (!classes.ContainsKey(fact.QualifiedName))
                {
                    classes[fact.QualifiedName] = fact;
                }
            }

            return new LockDisciplineResult(
                diagnostics,
                classes.Values.OrderBy(c => c.QualifiedName, System.StringComparer.Ordinal).ToImmutableArray(),
                edges.ToImmutableArray());
        }
    }

    /// <summary>A lock class: the field or property that stores the lock (or its type, when no member does).</summary>
    public sealed class LockClassFact
    {
        private LockClassFact(string name, string qualifiedName, bool isSpin)
        {
            Name = name;
            QualifiedName = qualifiedName;
            IsSpin = isSpin;
        }

        /// <summary>Short name for pictures and messages: <c>AddressSpace.ISharedLock</c>.</summary>
        public string Name { get; }

        /// <summary>Fully qualified name, the class's identity across compilations.</summary>
        public string QualifiedName { get; }

        /// <summary>A spin lock (holding it makes the context atomic); otherwise blocking.</summary>
        public bool IsSpin { get; }

        internal static LockClassFact Of(LockClass lockClass) =>
            new LockClassFact(lockClass.ToString(), QualifiedNameOf(lockClass), LockTypes.KindOf(TypeOf(lockClass.Symbol)) == LockKind.Spin);

        internal static string QualifiedNameOf(LockClass lockClass) => lockClass.Symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

        private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
        {
            IFieldSymbol f => f.Type,
            IPropertySymbol p => p.Type,
            ITypeSymbol t => t,
            _ => null,
        };
    }

    /// <summary>
    /// An edge of the lock order between two classes: declared (<c>[AcquiredBefore]</c>/<c>[AcquiredAfter]</c>,
    /// <see cref="IsDeclared"/>), or observed: <see cref="To"/> taken in <see cref="Method"/> at <see cref="Site"/>
    /// while <see cref="From"/> was held.
    /// </summary>
    public sealed class LockEdgeFact
    {
        private LockEdgeFact(string from, string fromKey, string to, string toKey, bool isDeclared, Location site, Location? heldSite, string? method, string? callee, Location? takenAt)
        {
            From = from;
            FromKey = fromKey;
            To = to;
            ToKey = toKey;
            IsDeclared = isDeclared;
            Site = site;
            HeldSite = heldSite;
            Method = method;
            Callee = callee;
            TakenAt = takenAt;
        }

        /// <summary>The class taken first (short name).</summary>
        public string From { get; }

        /// <summary>The class taken second (short name).</summary>
        public string To { get; }

        /// <summary>Fully qualified names of <see cref="From"/> and <see cref="To"/>, their identity across compilations.</summary>
        public string FromKey { get; }

        public string ToKey { get; }

        public bool IsDeclared { get; }

        /// <summary>Where <see cref="To"/> is taken (observed) or where the order is declared.</summary>
        public Location Site { get; }

        /// <summary>Where <see cref="From"/>, held at <see cref="Site"/>, was taken; null for declared edges.</summary>
        public Location? HeldSite { get; }

        /// <summary>The method that takes <see cref="To"/> while holding <see cref="From"/>; null for declared edges.</summary>
        public string? Method { get; }

        /// <summary>When <see cref="To"/> is taken inside a call made at <see cref="Site"/>: the calls down to the method that takes it (<c>Record() → Append()</c>), and where it is taken.</summary>
        public string? Callee { get; }

        public Location? TakenAt { get; }

        internal static LockEdgeFact Declared(LockClass before, LockClass after, Location site) =>
            new LockEdgeFact(before.ToString(), LockClassFact.QualifiedNameOf(before), after.ToString(), LockClassFact.QualifiedNameOf(after), true, site, null, null, null, null);

        internal static LockEdgeFact Observed(AcquisitionEdge edge) =>
            new LockEdgeFact(edge.From.ToString(), LockClassFact.QualifiedNameOf(edge.From), edge.To.ToString(), LockClassFact.QualifiedNameOf(edge.To), false,
                edge.ToSite, edge.FromSite, edge.Owner?.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), LD0010InferredDeadlockRule.CallChain(edge), edge.TakenAt);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LockDiscipline.Analyzers;
using LockDiscipline.Graphs;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Cli.Graphing
{
    /// <summary>
    /// Adapts the engine's per-project results (lock classes, declared and observed edges) to the
    /// drawing library's <see cref="LockGraph"/>: classes joined across projects by qualified name and
    /// drawn by short name (qualified where two short names meet), sites as <c>Method at File.cs:12</c>.
    /// </summary>
    public static class LockGraphBuilder
    {
        public static LockGraph From(IEnumerable<LockDisciplineResult> results, bool includeIsolated = false, IReadOnlyCollection<string>? exclude = null)
        {
            var list = results.ToList();
            bool Excluded(string key, string name) => exclude is not null && exclude.Any(x => x == key || x == name);

            // Every class the results name: its short name, and its kind where a result knows it.
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var spin = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var lockClass in list.SelectMany(r => r.LockClasses))
            {
                names[lockClass.QualifiedName] = lockClass.Name;
                spin[lockClass.QualifiedName] = spin.TryGetValue(lockClass.QualifiedName, out var known) ? known || lockClass.IsSpin : lockClass.IsSpin;
            }

            var edges = list.SelectMany(r => r.Edges).Where(e => !Excluded(e.FromKey, e.From) && !Excluded(e.ToKey, e.To)).ToList();
            foreach (var edge in edges)
            {
                names.TryAdd(edge.FromKey, edge.From);
                names.TryAdd(edge.ToKey, edge.To);
            }

            var ambiguous = new HashSet<string>(names.GroupBy(p => p.Value).Where(g => g.Count() > 1).SelectMany(g => g.Select(p => p.Key)), StringComparer.Ordinal);
            string Label(string key) => ambiguous.Contains(key) ? key : names[key];

            var graph = new LockGraph();
            var linked = new HashSet<string>(edges.SelectMany(e => new[] { e.FromKey, e.ToKey }), StringComparer.Ordinal);
            foreach (var key in names.Keys.Where(k => !Excluded(k, names[k]) && (includeIsolated || linked.Contains(k))))
            {
                graph.AddNode(Label(key), spin.TryGetValue(key, out var isSpin) ? (isSpin ? LockNodeKind.Spin : LockNodeKind.Blocking) : LockNodeKind.Unknown);
            }

            foreach (var edge in edges)
            {
                graph.AddEdge(Label(edge.FromKey), Label(edge.ToKey), edge.IsDeclared ? LockEdgeKind.Declared : LockEdgeKind.Observed, Site(edge));
            }

            return graph;
        }

        /// <summary>Pictures are read, not clicked: the file's name and line, the method without its parameters.</summary>
        internal static string Site(LockEdgeFact edge)
        {
            var span = edge.Site.GetMappedLineSpan();
            var where = span.IsValid && !string.IsNullOrEmpty(span.Path)
                ? $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}"
                : "";
            if (edge.IsDeclared || edge.Method is null)
            {
                return where.Length == 0 ? "" : (edge.IsDeclared ? "declared at " : "") + where;
            }

            var paren = edge.Method.IndexOf('(');
            var method = paren > 0 ? edge.Method.Substring(0, paren) : edge.Method;
            return where.Length == 0 ? method : $"{method} at {where}";
        }
    }
}

using System.Collections.Generic;
using System.Linq;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// The one cycle search of the analyzers: the elementary cycles of a directed graph of lock
    /// classes, each found once (started at its least node), up to <see cref="MaxLength"/> nodes.
    /// The bound keeps the search polynomial on the large, dense graphs of real code; an ABBA needs
    /// two nodes, and lockdep's reports are rarely longer than four. Used for the declared order
    /// (LD0009), the inferred order (LD0010), and across compilations.
    /// </summary>
    internal static class LockCycles
    {
        /// <summary>Cycles longer than this many lock classes are not searched for (documented on LD0009 and LD0010's pages).</summary>
        public const int MaxLength = 6;

        /// <summary>The cycles of <paramref name="successors"/>, in a deterministic order given by <paramref name="order"/>.</summary>
        public static List<List<T>> Find<T>(IReadOnlyDictionary<T, List<T>> successors, IComparer<T> order)
            where T : notnull
        {
            var nodes = successors.Keys.OrderBy(n => n, order).ToList();
            var rank = new Dictionary<T, int>();
            for (var i = 0; i < nodes.Count; i++)
            {
                rank[nodes[i]] = i;
            }

            var cycles = new List<List<T>>();
            foreach (var start in nodes)
            {
                Extend(start, new List<T> { start }, successors, rank, order, cycles);
            }

            return cycles;
        }

        private static void Extend<T>(T start, List<T> path, IReadOnlyDictionary<T, List<T>> successors, Dictionary<T, int> rank, IComparer<T> order, List<List<T>> cycles)
            where T : notnull
        {
            if (!successors.TryGetValue(path[path.Count - 1], out var next))
            {
                return;
            }

            foreach (var to in next.OrderBy(n => n, order))
            {
                if (EqualityComparer<T>.Default.Equals(to, start))
                {
                    if (path.Count > 1)
                    {
                        cycles.Add(new List<T>(path));
                    }
                }
                else if (path.Count < MaxLength && !path.Contains(to) && rank.TryGetValue(to, out var r) && r > rank[start])
                {
                    path.Add(to);
                    Extend(start, path, successors, rank, order, cycles);
                    path.RemoveAt(path.Count - 1);
                }
            }
        }
    }
}

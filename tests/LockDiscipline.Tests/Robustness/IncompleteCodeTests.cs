using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Robustness
{
    /// <summary>
    /// No analyzer may throw on code as it looks while being typed. Every sample file and every
    /// source embedded in the rule tests is cut off at many points (and, separately, has a line
    /// deleted), compiled with whatever errors that makes, and analyzed; any analyzer exception
    /// (AD0001) fails the test.
    /// </summary>
    public class IncompleteCodeTests
    {
        private const int CutsPerSource = 24;

        public static IEnumerable<object[]> Sources() =>
            SourceCorpus.All().Select(s => new object[] { s.Name });

        [Theory]
        [MemberData(nameof(Sources))]
        public void SourceCutOffAnywhere_NoAnalyzerThrows(string name)
        {
            var text = SourceCorpus.All().Single(s => s.Name == name).Text;
            var random = new Random(StableSeed(name));
            var cuts = Enumerable.Range(1, CutsPerSource).Select(i => text.Length * i / (CutsPerSource + 1))
                .Concat(Enumerable.Range(0, 8).Select(_ => random.Next(text.Length)))
                .Distinct();
            var fragments = new List<(string Fragment, string What)>();
            foreach (var cut in cuts)
            {
                fragments.Add((text.Substring(0, cut), $"{name} cut at {cut}"));
            }

            var lines = text.Split('\n');
            for (var i = 0; i < 6 && lines.Length > 2; i++)
            {
                var drop = random.Next(lines.Length);
                fragments.Add((string.Join("\n", lines.Where((_, k) => k != drop)), $"{name} without line {drop + 1}"));
            }

            // The fragments are independent compilations: analyze them on every core, and report the
            // first one (in the order above) that fails, as a loop over them would.
            var failures = new Exception?[fragments.Count];
            Parallel.For(0, fragments.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                try
                {
                    AnalyzeFragment(fragments[i].Fragment, fragments[i].What);
                }
                catch (Exception e)
                {
                    failures[i] = e;
                }
            });
            if (failures.FirstOrDefault(f => f is not null) is { } failure)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }

        /// <summary>
        /// A seed from the source's name that is the same in every process (FNV-1a over its UTF-16
        /// code units), so that the random cut points and dropped lines are the same on every run;
        /// <c>string.GetHashCode</c> is randomized per process.
        /// </summary>
        private static int StableSeed(string name)
        {
            var hash = 2166136261u;
            foreach (var c in name)
            {
                hash = unchecked((hash ^ c) * 16777619u);
            }

            return (int)(hash & 0x7fffffff);
        }

        private static void AnalyzeFragment(string fragment, string what)
        {
            var files = new List<(string, string)> { ("Fragment.cs", fragment), ("Prelude.cs", Prelude.Source) };
            try
            {
                DirectRunner.Analyze(DirectRunner.Compile(files));
            }
            catch (InvalidOperationException e)
            {
                throw new Xunit.Sdk.XunitException($"{what}:\n{e.Message}\n--- fragment ---\n{fragment}");
            }
        }
    }
}

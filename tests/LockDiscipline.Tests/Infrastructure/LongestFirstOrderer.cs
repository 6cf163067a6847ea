using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("LockDiscipline.Tests.Infrastructure.LongestFirstOrderer", "LockDiscipline.Tests")]

namespace LockDiscipline.Tests.Infrastructure
{
    /// <summary>
    /// Starts the test collections (one per class) that take longest first, so that the runner's
    /// threads finish together instead of one of them starting the robustness sweep last and running it
    /// alone while the others idle. Order only: every collection runs, and the tests inside each keep
    /// xunit's order. The list is from the durations in a TRX of the whole suite; a class not listed
    /// runs after these, in xunit's default order.
    /// </summary>
    public sealed class LongestFirstOrderer : ITestCollectionOrderer
    {
        private static readonly string[] Longest =
        {
            "LockDiscipline.Tests.Robustness.IncompleteCodeTests",       // 139 cases, each ~40 compilations
            "LockDiscipline.Tests.Package.NuGetPackageTests",            // dotnet pack, then a consumer's restore and build
            "LockDiscipline.Tests.Prefilter.PrefilterEquivalenceTests",  // 141 cases, each analyzed twice
            "LockDiscipline.Tests.Robustness.LargeMethodTests",          // one 5,000-line method
            "LockDiscipline.Tests.Rules.FlowConstructTests",
            "LockDiscipline.Tests.CodeFixes.CodeFixTests",
            "LockDiscipline.Tests.Samples.SampleExpectationTests",
            "LockDiscipline.Tests.Rules.LD0010InferredDeadlockTests",
        };

        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
            testCollections
                .Select((collection, index) => (collection, index, rank: Rank(collection)))
                .OrderBy(c => c.rank)
                .ThenBy(c => c.index)
                .Select(c => c.collection)
                .ToList();

        private static int Rank(ITestCollection collection)
        {
            // xunit names a class's own collection "Test collection for <full class name>".
            var name = collection.DisplayName ?? string.Empty;
            var rank = Array.FindIndex(Longest, c => name.EndsWith(" " + c, StringComparison.Ordinal));
            return rank < 0 ? Longest.Length : rank;
        }
    }
}

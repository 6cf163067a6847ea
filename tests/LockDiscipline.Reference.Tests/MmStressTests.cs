using System.Collections.Generic;
using System.Diagnostics;
using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace LockDiscipline.Reference.Tests
{
    /// <summary>Faults, mremap, truncation and reclaim at once over shared files; the invariants are checked after every round.</summary>
    public class MmStressTests
    {
        private readonly ITestOutputHelper _output;

        public MmStressTests(ITestOutputHelper output)
        {
            _output = output;
            LockValidator.Reset();
        }

        [Theory]
        [InlineData(2004)]
        [InlineData(2611)]
        public void FaultsMremapTruncateAndReclaim_KeepEveryPteInThePageCache_AndTheCountsExact(int seed)
        {
            var clock = Stopwatch.StartNew();
            var report = MmStress.Run(new MmStressOptions(Seed: seed));
            _output.WriteLine($"seed {seed}, {clock.Elapsed.TotalSeconds:F1} s: {report}");

            Assert.Empty(report.Problems);
            Assert.True(report.Operations["fault"] > 1000, report.ToString());
            Assert.True(report.Operations["mremap"] > 100, report.ToString());
            Assert.True(report.Operations["truncate"] > 50, report.ToString());
            Assert.True(report.Operations.GetValueOrDefault("reclaim freed") > 0, report.ToString());
        }
    }
}

using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Scenarios;
using Xunit;

namespace LockDiscipline.Reference.Tests
{
    /// <summary>
    /// The race the patch closes (<see cref="TruncateMremapRace"/>). Before the patch the moved pte
    /// survives truncation, mapping a page no longer in the page cache; after it, <c>move_one_page</c>
    /// waits for <c>i_shared_lock</c>, so truncation finishes first and the move finds nothing to move.
    /// </summary>
    public class TruncateMremapRaceTests
    {
        public TruncateMremapRaceTests()
        {
            LockValidator.Reset();
        }

        [Fact]
        public void PrePatch_MovedPteSurvivesTruncation_MappingADroppedPage()
        {
            var outcome = TruncateMremapRace.Run(patched: false);
            Assert.False(outcome.MoveWaitedForTruncation);
            Assert.NotNull(outcome.StalePage);
            Assert.Equal(3UL, outcome.StalePage!.Index);
            Assert.Null(outcome.StalePage.Mapping);
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void Patched_TruncationExcludesTheMove_NoStalePte()
        {
            var outcome = TruncateMremapRace.Run(patched: true);
            Assert.True(outcome.MoveWaitedForTruncation);
            Assert.Null(outcome.StalePage);
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void ThousandRuns_SameAnswerEveryTime()
        {
            for (var i = 0; i < 1000; i++)
            {
                LockValidator.Reset();
                Assert.NotNull(TruncateMremapRace.Run(patched: false).StalePage);
                LockValidator.Reset();
                Assert.Null(TruncateMremapRace.Run(patched: true).StalePage);
            }
        }
    }
}

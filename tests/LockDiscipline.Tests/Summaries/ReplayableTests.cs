using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Summaries;
using Xunit;

namespace LockDiscipline.Tests.Summaries
{
    /// <summary>The caller search's memo of a name's places: the same sequence every time, its source run once and only as far as asked.</summary>
    public class ReplayableTests
    {
        [Fact]
        public void EveryEnumeration_GivesTheWholeSequence_AndTheSourceRunsOnce()
        {
            var pulls = 0;
            var replay = new Replayable<int>(Source(5, () => pulls++));
            Assert.Equal(new[] { 0, 1, 2, 3, 4 }, replay.ToArray());
            Assert.Equal(new[] { 0, 1, 2, 3, 4 }, replay.ToArray());
            Assert.Equal(5, pulls);
        }

        [Fact]
        public void AnEnumerationThatStopsEarly_PullsNoFurther_AndTheNextOneGoesOn()
        {
            var pulls = 0;
            var replay = new Replayable<int>(Source(5, () => pulls++));
            Assert.Equal(0, replay.First());
            Assert.Equal(1, pulls);
            Assert.Equal(new[] { 0, 1, 2 }, replay.Take(3).ToArray());
            Assert.Equal(3, pulls);
            Assert.Equal(5, replay.Count());
            Assert.Equal(5, pulls);
        }

        [Fact]
        public void AnEmptySource_IsEmptyEveryTime()
        {
            var replay = new Replayable<int>(Enumerable.Empty<int>());
            Assert.Empty(replay);
            Assert.Empty(replay);
        }

        private static IEnumerable<int> Source(int count, System.Action onPull)
        {
            for (var i = 0; i < count; i++)
            {
                onPull();
                yield return i;
            }
        }
    }
}

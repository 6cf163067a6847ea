using System;
using System.Collections.Generic;
using LockDiscipline.Analyzers.Flow;
using Xunit;

namespace LockDiscipline.Tests.Flow
{
    /// <summary>
    /// The fixpoint's worklist gives blocks in exactly the order the sorted set it replaced did (lowest
    /// ordinal first, each pending block once), so every fixpoint and every visit budget is unchanged.
    /// </summary>
    public class BlockWorklistTests
    {
        [Fact]
        public void TakesTheLowestPendingOrdinal_AndEachOnce()
        {
            var work = new BlockWorklist(8);
            work.Add(5);
            work.Add(2);
            work.Add(5);
            Assert.Equal(2, work.Count);
            Assert.Equal(2, work.TakeLowest());
            work.Add(0);
            work.Add(7);
            Assert.Equal(0, work.TakeLowest());
            Assert.Equal(5, work.TakeLowest());
            work.Add(3);
            Assert.Equal(3, work.TakeLowest());
            Assert.Equal(7, work.TakeLowest());
            Assert.Equal(0, work.Count);
        }

        [Theory]
        [InlineData(1, 17)]
        [InlineData(2, 64)]
        [InlineData(3, 3)]
        public void MatchesASortedSet_OverRandomInterleavings(int seed, int blocks)
        {
            var random = new Random(seed);
            var work = new BlockWorklist(blocks);
            var reference = new SortedSet<int>();
            for (var step = 0; step < 2000; step++)
            {
                if (reference.Count > 0 && random.Next(3) == 0)
                {
                    var expected = reference.Min;
                    reference.Remove(expected);
                    Assert.Equal(expected, work.TakeLowest());
                }
                else
                {
                    var ordinal = random.Next(blocks);
                    reference.Add(ordinal);
                    work.Add(ordinal);
                }

                Assert.Equal(reference.Count, work.Count);
            }
        }
    }
}

using System;
using System.Threading;
using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;
using Xunit;

namespace LockDiscipline.Reference.Tests
{
    /// <summary>
    /// The race the patch closes, forced by a hook in truncation's vma walk rather than by timing:
    /// truncation cleans the destination vma, then — before it reaches the source vma — mremap moves a
    /// pte for a page past the new end of file from the source into the already-cleaned destination.
    /// Before the patch the pte survives truncation, mapping a page no longer in the page cache;
    /// after it, <c>move_one_page</c> waits for <c>i_shared_lock</c>, so truncation finishes first and
    /// the move finds nothing to move.
    /// </summary>
    public class TruncateMremapRaceTests
    {
        private const ulong OldBase = 0x10_0000;
        private const ulong NewBase = 0x80_0000;
        private const ulong Pages = 4;

        public TruncateMremapRaceTests()
        {
            LockValidator.Reset();
        }

        private sealed record Outcome(Page? StalePage, bool MoverWaitedForTruncation);

        private static Outcome RunRace(Func<VmArea, ulong, ulong, int> moveOnePage)
        {
            var mapping = new AddressSpace();
            var file = new Mm.File(mapping);
            var mm = new MmStruct();

            // The mremap destination is already on the file's list, ahead of the source: truncation
            // cleans it first.
            var dst = Mmap.DoMmap(mm, file, NewBase, Pages, 0, VmFlags.Shared);
            var src = Mmap.DoMmap(mm, file, OldBase, Pages, 0, VmFlags.Shared);
            var lastPage = OldBase + (Pages - 1) * PageTables.PageSize;
            Memory.HandleFault(src, lastPage);

            var moverWaited = false;
            Thread? mover = null;
            Memory.VmTruncate(mapping, newSizePages: 2, afterVma: cleaned =>
            {
                if (cleaned != dst)
                {
                    return;
                }

                var done = false;
                mover = new Thread(() =>
                {
                    moveOnePage(src, lastPage, NewBase + (Pages - 1) * PageTables.PageSize);
                    Volatile.Write(ref done, true);
                });
                mover.Start();

                // Until the move has happened, or it is spinning on i_shared_lock (which truncation holds).
                SpinWait.SpinUntil(() => Volatile.Read(ref done) || mapping.ISharedLock.HasWaiters);
                moverWaited = !Volatile.Read(ref done);
            });
            mover!.Join();

            mm.PageTableLock.Lock();
            var pte = PageTables.GetOnePteMap(mm, NewBase + (Pages - 1) * PageTables.PageSize);
            var stale = !pte.IsNull && !pte.IsNone ? pte.Page : null;
            if (!pte.IsNull)
            {
                PageTables.PteUnmap(pte);
            }

            mm.PageTableLock.Unlock();
            return new Outcome(stale, moverWaited);
        }

        [Fact]
        public void PrePatch_MovedPteSurvivesTruncation_MappingADroppedPage()
        {
            var outcome = RunRace(PrePatchMremap.MoveOnePage);
            Assert.False(outcome.MoverWaitedForTruncation);
            Assert.NotNull(outcome.StalePage);
            Assert.Equal(3UL, outcome.StalePage!.Index);
            Assert.Null(outcome.StalePage.Mapping);
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void Patched_TruncationExcludesTheMove_NoStalePte()
        {
            var outcome = RunRace(Mremap.MoveOnePage);
            Assert.True(outcome.MoverWaitedForTruncation);
            Assert.Null(outcome.StalePage);
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void ThousandRuns_SameAnswerEveryTime()
        {
            for (var i = 0; i < 1000; i++)
            {
                LockValidator.Reset();
                Assert.NotNull(RunRace(PrePatchMremap.MoveOnePage).StalePage);
                LockValidator.Reset();
                Assert.Null(RunRace(Mremap.MoveOnePage).StalePage);
            }
        }
    }
}

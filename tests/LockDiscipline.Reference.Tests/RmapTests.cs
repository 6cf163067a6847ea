using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;
using Xunit;

namespace LockDiscipline.Reference.Tests
{
    /// <summary>Reverse mapping: try_to_unmap under the page's rmap lock, with the patch's cond_resched_lock.</summary>
    public class RmapTests
    {
        public RmapTests()
        {
            LockValidator.Reset();
        }

        [Fact]
        public void TryToUnmap_RemovesEveryLinearPte_WithTryLocksOnly()
        {
            var mapping = new AddressSpace();
            var file = new File(mapping);
            var mmA = new MmStruct();
            var mmB = new MmStruct();
            var a = Mmap.DoMmap(mmA, file, 0x10_0000, 4, 0, VmFlags.Shared);
            var b = Mmap.DoMmap(mmB, file, 0x20_0000, 4, 0, VmFlags.None);
            var page = Memory.HandleFault(a, 0x10_2000)!;
            Memory.HandleFault(b, 0x20_2000);
            Assert.Equal(2, page.MapCount);

            page.RmapLock.Lock();
            Assert.Equal(SwapResult.Success, Rmap.TryToUnmap(page));
            page.RmapLock.Unlock();

            Assert.Equal(0, page.MapCount);
            Assert.Equal(0, mmA.Rss);
            Assert.Equal(0, mmB.Rss);
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void TryToUnmap_OfAPageInAnMlockedVma_Fails_AndLeavesItMapped()
        {
            var mapping = new AddressSpace();
            var mm = new MmStruct();
            var vma = Mmap.DoMmap(mm, new File(mapping), 0x10_0000, 4, 0, VmFlags.Shared | VmFlags.Locked);
            var page = Memory.HandleFault(vma, 0x10_1000)!;

            page.RmapLock.Lock();
            Assert.Equal(SwapResult.Fail, Rmap.TryToUnmap(page));
            page.RmapLock.Unlock();

            Assert.Equal(1, page.MapCount);
            Assert.False(Vmscan.ShrinkPage(mapping, 1));
            Assert.Same(page, mapping.PageCache[1]);
        }

        [Fact]
        public void TryToUnmap_WhenPageTableLockIsBusy_BacksOff()
        {
            var mapping = new AddressSpace();
            var mm = new MmStruct();
            var vma = Mmap.DoMmap(mm, new File(mapping), 0x10_0000, 4, 0, VmFlags.Shared);
            var page = Memory.HandleFault(vma, 0x10_1000)!;

            // Reclaim meets a page_table_lock that is held (here by this thread, as if by a fault in progress).
            mm.PageTableLock.Lock();
            page.RmapLock.Lock();
            Assert.Equal(SwapResult.Again, Rmap.TryToUnmap(page));
            page.RmapLock.Unlock();
            mm.PageTableLock.Unlock();
            Assert.Equal(1, page.MapCount);
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void TryToUnmap_NonlinearVma_WalksClusters_ReleasingTheRmapLockAndReschedulingOnlyWithISharedLock()
        {
            var mapping = new AddressSpace();
            var mm = new MmStruct();
            var vma = Mmap.DoMmap(mm, new File(mapping), 0x10_0000, 16, 0, VmFlags.Shared | VmFlags.Nonlinear);
            var page = Memory.HandleFault(vma, 0x10_9000)!;

            page.RmapLock.Lock();
            Assert.Equal(SwapResult.Success, Rmap.TryToUnmap(page));
            Assert.Equal(new[] { "Page.RmapLock" }, LockValidator.HeldByCurrentThread);
            page.RmapLock.Unlock();

            Assert.Equal(0, page.MapCount);
            Assert.True(vma.PrivateCursor > 0x9000);
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void PrePatch_CondReschedInTheNonlinearWalk_IsCaughtAtRunTime()
        {
            // try_to_unmap_file before the patch: cond_resched() between clusters, under i_shared_lock.
            var mapping = new AddressSpace();
            var page = new Page(mapping, 0);
            page.RmapLock.Lock();
            Assert.True(mapping.ISharedLock.TryLock());
            page.RmapLock.Unlock();
            var error = Assert.Throws<LockValidationException>(() => Sched.CondResched());
            Assert.Contains("AddressSpace.ISharedLock", error.Message);
            mapping.ISharedLock.Unlock();
        }
    }
}

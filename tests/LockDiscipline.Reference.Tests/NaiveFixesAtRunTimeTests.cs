using System;
using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;
using PatchStory;
using Xunit;

namespace LockDiscipline.Reference.Tests
{
    /// <summary>
    /// The patch's story, run: the very methods of <c>samples/PatchStory</c> (which the analyzers reject
    /// at build time) executed on the reference model, where the run-time validator or the kernel's own
    /// NULL check catches each bug the analyzers reported. The patched code runs clean.
    /// </summary>
    public class NaiveFixesAtRunTimeTests
    {
        private const ulong OldAddr = 0x10_0000;

        // In another pte page than OldAddr, so that moving there needs alloc_one_pte_map to allocate.
        private const ulong NewAddr = 0x40_0000;

        private readonly VmArea _vma;
        private readonly Page _page;

        public NaiveFixesAtRunTimeTests()
        {
            LockValidator.Reset();
            var file = new File(new AddressSpace());
            _vma = Mmap.DoMmap(new MmStruct(), file, OldAddr, 4, 0, VmFlags.Shared);
            _page = Memory.HandleFault(_vma, OldAddr)!;
        }

        [Fact]
        public void BeforePatch_MoveOnePage_WhenTheAllocationFails_UnmapsANullPte()
        {
            // Build time: LD0003 at 01_BeforePatch.cs, PteUnmap(dst).
            PageTables.FailNextAllocations(1);
            var oops = Assert.Throws<NullReferenceException>(() => BeforePatch.MoveOnePage(_vma, OldAddr, NewAddr));
            Assert.Contains("pte_unmap(NULL)", oops.Message);
        }

        [Fact]
        public void BeforePatch_TryToUnmapFile_CondReschedUnderISharedLock_IsCaught()
        {
            // Build time: LD0002 at 01_BeforePatch.cs, Sched.CondResched() in the nonlinear walk.
            var mapping = _vma.File!.Mapping;
            var nonlinear = Mmap.DoMmap(new MmStruct(), _vma.File, 0x20_0000, 16, 0, VmFlags.Shared | VmFlags.Nonlinear);
            var page = Memory.InstallPage(nonlinear, 0x20_0000 + 5 * PageTables.PageSize, 7)!; // in the second cluster
            page.RmapLock.Lock();
            var error = Assert.Throws<LockValidationException>(() => BeforePatch.TryToUnmapFile(page, mapping, 16 * PageTables.PageSize));
            Assert.Contains("sleeping function called from invalid context", error.Message);
            Assert.Contains("AddressSpace.ISharedLock", error.Message);
        }

        [Fact]
        public void NaiveFix1_ISharedLockAfterPageTableLock_IsAgainstTheDeclaredOrder()
        {
            // Build time: LD0001 at 02_NaiveFix_LockAfterPageTableLock.cs.
            var error = Assert.Throws<LockValidationException>(() => NaiveFixLockAfterPageTableLock.MoveOnePage(_vma, OldAddr, NewAddr));
            Assert.Contains("the declared order takes AddressSpace.ISharedLock first", error.Message);
            Assert.Contains("02_NaiveFix_LockAfterPageTableLock.cs", error.Message);
        }

        [Fact]
        public void NaiveFix2_ISharedLockHeldAcrossAllocOnePteMap_SleepsUnderASpinLock()
        {
            // Build time: LD0002 at 03_NaiveFix_HoldAcrossAlloc.cs.
            var error = Assert.Throws<LockValidationException>(() => NaiveFixHoldAcrossAlloc.MoveOnePage(_vma, OldAddr, NewAddr));
            Assert.Contains("sleeping function called from invalid context", error.Message);
            Assert.Contains("AddressSpace.ISharedLock", error.Message);
        }

        [Fact]
        public void NaiveFix3_BlockingRelockUnderPageTableLock_IsAgainstTheDeclaredOrder()
        {
            // Build time: LD0001 at 04_NaiveFix_BlockingRelock.cs.
            var error = Assert.Throws<LockValidationException>(() => NaiveFixBlockingRelock.MoveOnePage(_vma, OldAddr, NewAddr));
            Assert.Contains("the declared order takes AddressSpace.ISharedLock first", error.Message);
            Assert.Contains("04_NaiveFix_BlockingRelock.cs", error.Message);
        }

        [Fact]
        public void NaiveFix4_CondReschedInMovePageTablesUnderISharedLock_SleepsUnderASpinLock()
        {
            // Build time: LD0002 at 05_NaiveFix_CondReschedUnderISharedLock.cs (direct call).
            var error = Assert.Throws<LockValidationException>(() => NaiveFixCondReschedUnderISharedLock.MovePageTables(_vma, OldAddr, NewAddr, 2 * PageTables.PageSize));
            Assert.Contains("sleeping function called from invalid context", error.Message);
            Assert.Contains("05_NaiveFix_CondReschedUnderISharedLock.cs", error.Message);
        }

        [Fact]
        public void NaiveFix4_ThroughAnUnannotatedHelper_SleepsUnderASpinLock()
        {
            // Build time: LD0002 at 05_NaiveFix_CondReschedUnderISharedLock.cs, inferred through BeFair().
            var error = Assert.Throws<LockValidationException>(() => NaiveFixCondReschedUnderISharedLock.MovePageTablesWithHelper(_vma, OldAddr, NewAddr, 2 * PageTables.PageSize));
            Assert.Contains("AddressSpace.ISharedLock", error.Message);
        }

        [Fact]
        public void Patched_MoveOnePage_MovesThePte_WithoutAViolation()
        {
            Assert.Equal(0, Patched.MoveOnePage(_vma, OldAddr, NewAddr));
            var mm = _vma.Mm;
            mm.PageTableLock.Lock();
            var moved = PageTables.GetOnePteMap(mm, NewAddr);
            Assert.False(moved.IsNull);
            Assert.Same(_page, moved.Page);
            PageTables.PteUnmap(moved);
            mm.PageTableLock.Unlock();
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void Patched_MoveOnePage_WhenTheAllocationFails_ReturnsENOMEM_AndLeavesThePte()
        {
            PageTables.FailNextAllocations(1);
            Assert.Equal(-12, Patched.MoveOnePage(_vma, OldAddr, NewAddr));
            Assert.Equal(1, _page.MapCount);
            Assert.Empty(LockValidator.Violations);
        }
    }
}

using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;
using Xunit;

namespace LockDiscipline.Reference.Tests
{
    /// <summary>The page-table helpers of the patch, and two of its naive fixes caught at run time.</summary>
    public class PageTableTests
    {
        public PageTableTests()
        {
            LockValidator.Reset();
        }

        [Fact]
        public void GetOnePteMap_WithoutAPageTable_IsNull_AllocOnePteMap_CreatesIt()
        {
            var mm = new MmStruct();
            const ulong address = 0x40_0000;
            mm.PageTableLock.Lock();
            Assert.True(PageTables.GetOnePteMap(mm, address).IsNull);

            var page = new Page(new AddressSpace(), 7);
            var dst = PageTables.AllocOnePteMap(mm, address);
            Assert.False(dst.IsNull);
            Assert.True(dst.IsNone);
            dst.Set(page);

            var again = PageTables.GetOnePteMap(mm, address);
            Assert.Same(page, again.Page);
            Assert.True(PageTables.GetOnePteMap(mm, address + PageTables.PageSize).IsNone);
            mm.PageTableLock.Unlock();
            Assert.Empty(LockValidator.Violations);
        }

        [Fact]
        public void AllocOnePteMap_DropsPageTableLockAroundTheAllocation_AndRetakesIt()
        {
            var mm = new MmStruct();
            mm.PageTableLock.Lock();
            PageTables.AllocOnePteMap(mm, 0x1000);
            Assert.True(mm.PageTableLock.IsLocked);
            Assert.Equal(new[] { "MmStruct.PageTableLock" }, LockValidator.HeldByCurrentThread);
            mm.PageTableLock.Unlock();
        }

        [Fact]
        public void NaiveFix_HoldingISharedLockAcrossAllocOnePteMap_IsASleepUnderSpinLock()
        {
            var mapping = new AddressSpace();
            var mm = new MmStruct();
            mapping.ISharedLock.Lock();
            mm.PageTableLock.Lock();
            var error = Assert.Throws<LockValidationException>(() => PageTables.AllocOnePteMap(mm, 0x2000));
            Assert.Contains("AddressSpace.ISharedLock", error.Message);
            Assert.Contains("sleeping function called from invalid context", error.Message);
            mapping.ISharedLock.Unlock();
        }

        [Fact]
        public void NaiveFix_ISharedLockAfterPageTableLock_IsAgainstTheDeclaredOrder()
        {
            var mapping = new AddressSpace();
            var mm = new MmStruct();
            mm.PageTableLock.Lock();
            var error = Assert.Throws<LockValidationException>(() => mapping.ISharedLock.Lock());
            Assert.Contains("the declared order takes AddressSpace.ISharedLock first", error.Message);
            mm.PageTableLock.Unlock();
        }

        [Fact]
        public void TheRmapLock_ComesAfterPageTableLock_Transitively_AfterISharedLock()
        {
            var mapping = new AddressSpace();
            var page = new Page(mapping, 0);
            page.RmapLock.Lock();
            Assert.Throws<LockValidationException>(() => mapping.ISharedLock.Lock());
            Assert.True(mapping.ISharedLock.TryLock());
            mapping.ISharedLock.Unlock();
            page.RmapLock.Unlock();
        }
    }
}

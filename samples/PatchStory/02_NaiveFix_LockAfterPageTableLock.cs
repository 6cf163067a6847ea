using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;

namespace PatchStory
{
    /// <summary>
    /// Naive fix 1: exclude truncation by taking <c>i_shared_lock</c> inside <c>move_one_page</c>, but
    /// after <c>page_table_lock</c>. Truncation takes them in the declared order (i_shared_lock, then
    /// page_table_lock), so the two can deadlock: LD0001.
    /// </summary>
    public static class NaiveFixLockAfterPageTableLock
    {
        public static int MoveOnePage(VmArea vma, ulong oldAddr, ulong newAddr)
        {
            var mm = vma.Mm;
            var mapping = vma.File?.Mapping;
            mm.PageTableLock.Lock();
            if (mapping != null)
            {
                mapping.ISharedLock.Lock(); // expect: LD0001
            }

            var error = MoveLocked(mm, oldAddr, newAddr);

            if (mapping != null)
            {
                mapping.ISharedLock.Unlock();
            }

            mm.PageTableLock.Unlock();
            return error;
        }

        [LockDiscipline.Requires("mm.PageTableLock")]
        private static int MoveLocked(MmStruct mm, ulong oldAddr, ulong newAddr)
        {
            var src = PageTables.GetOnePteMapNested(mm, oldAddr);
            if (src.IsNull)
            {
                return 0;
            }

            var dst = PageTables.GetOnePteMap(mm, newAddr);
            if (!dst.IsNull)
            {
                dst.Set(src.GetAndClear());
                PageTables.PteUnmap(dst);
            }

            PageTables.PteUnmapNested(src);
            return dst.IsNull ? -12 : 0;
        }
    }
}

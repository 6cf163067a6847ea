using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;

namespace PatchStory
{
    /// <summary>
    /// Naive fix 3: drop <c>i_shared_lock</c> before the allocation, as the patch does, but take it back
    /// with a plain <c>spin_lock</c> while <c>page_table_lock</c> (retaken by the allocator) is held:
    /// against the declared order, LD0001. The patch tries the lock instead, and on failure releases
    /// <c>page_table_lock</c> and takes both in order.
    /// </summary>
    public static class NaiveFixBlockingRelock
    {
        public static int MoveOnePage(VmArea vma, ulong oldAddr, ulong newAddr)
        {
            AddressSpace? mapping = null;
            var mm = vma.Mm;
            var error = 0;
            if (vma.File != null)
            {
                mapping = vma.File.Mapping;
                mapping.ISharedLock.Lock();
            }

            mm.PageTableLock.Lock();
            var src = PageTables.GetOnePteMapNested(mm, oldAddr);
            if (!src.IsNull)
            {
                var dst = PageTables.GetOnePteMap(mm, newAddr);
                if (dst.IsNull)
                {
                    PageTables.PteUnmapNested(src);
                    if (mapping != null)
                    {
                        mapping.ISharedLock.Unlock();
                    }

                    dst = PageTables.AllocOnePteMap(mm, newAddr);
                    if (mapping != null)
                    {
                        mapping.ISharedLock.Lock(); // expect: LD0001
                    }

                    src = PageTables.GetOnePteMapNested(mm, oldAddr);
                }

                if (!src.IsNull)
                {
                    if (!dst.IsNull)
                    {
                        dst.Set(src.GetAndClear());
                    }
                    else
                    {
                        error = -12;
                    }

                    PageTables.PteUnmapNested(src);
                }

                if (!dst.IsNull)
                {
                    PageTables.PteUnmap(dst);
                }
            }

            mm.PageTableLock.Unlock();
            if (mapping != null)
            {
                mapping.ISharedLock.Unlock();
            }

            return error;
        }
    }
}

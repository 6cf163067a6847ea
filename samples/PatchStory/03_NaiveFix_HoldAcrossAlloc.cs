using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;

namespace PatchStory
{
    /// <summary>
    /// Naive fix 2: take the locks in order, and keep <c>i_shared_lock</c> held across
    /// <c>alloc_one_pte_map()</c>. The allocator drops only <c>page_table_lock</c> before it sleeps, so
    /// it would sleep holding the spin lock <c>i_shared_lock</c>: LD0002.
    /// </summary>
    public static class NaiveFixHoldAcrossAlloc
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
                    dst = PageTables.AllocOnePteMap(mm, newAddr); // expect: LD0002
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

using LockDiscipline.Reference.Mm;

namespace LockDiscipline.Reference.Tests
{
    /// <summary>
    /// <c>move_one_page()</c> as it was before rmap-14-i_shared_lock-fixes, kept for the race test only:
    /// it does not take <c>i_shared_lock</c>, so truncation cannot exclude it (and it would not pass the
    /// analyzers: <c>pte_unmap(dst)</c> is unchecked, LD0003 — this project is not analyzed).
    /// </summary>
    internal static class PrePatchMremap
    {
        public static int MoveOnePage(VmArea vma, ulong oldAddr, ulong newAddr)
        {
            var mm = vma.Mm;
            var error = 0;
            mm.PageTableLock.Lock();
            var src = PageTables.GetOnePteMapNested(mm, oldAddr);
            if (!src.IsNull)
            {
                if (PageTables.GetOnePteMap(mm, newAddr).IsNull)
                {
                    PageTables.PteUnmapNested(src);
                    src = default;
                }

                var dst = PageTables.AllocOnePteMap(mm, newAddr);
                if (src.IsNull)
                {
                    src = PageTables.GetOnePteMapNested(mm, oldAddr);
                }

                if (!src.IsNull)
                {
                    if (!dst.IsNull)
                    {
                        if (!src.IsNone)
                        {
                            dst.Set(src.GetAndClear());
                        }
                    }
                    else
                    {
                        error = -12;
                    }

                    PageTables.PteUnmapNested(src);
                }

                PageTables.PteUnmap(dst);
            }

            mm.PageTableLock.Unlock();
            return error;
        }
    }
}

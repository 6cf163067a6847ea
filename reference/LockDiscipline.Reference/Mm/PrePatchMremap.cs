namespace LockDiscipline.Reference.Mm
{
    /// <summary>
    /// <c>move_one_page()</c> as it was before rmap-14-i_shared_lock-fixes, kept only so that the race
    /// test and the demo can show what the patch fixed: it does not take <c>i_shared_lock</c>, so
    /// truncation cannot exclude it. It is exempt from analysis because it also has the patch's
    /// third bug, <c>pte_unmap(dst)</c> with a NULL <c>dst</c> (LD0003, see samples/PatchStory).
    /// </summary>
    internal static class PrePatchMremap
    {
        [NoLockAnalysis]
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

using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;

namespace PatchStory
{
    /// <summary>
    /// mm/mremap.c and mm/rmap.c as they were before rmap-14-i_shared_lock-fixes. Three bugs the
    /// analyzers see: <c>src</c> used after <c>alloc_one_pte_map()</c> may have dropped
    /// <c>page_table_lock</c>, without being looked up again (LD0011, the patch's "we should re-check the
    /// src entry"); <c>pte_unmap(dst)</c> with a <c>dst</c> that <c>alloc_one_pte_map()</c> may have
    /// returned NULL (LD0003); and <c>cond_resched()</c> under <c>i_shared_lock</c> in the nonlinear walk
    /// of <c>try_to_unmap_file()</c> (LD0002). The third, the race with truncation, is not a lock-rule
    /// violation: it is the missing <c>i_shared_lock</c> that the reference tests show at run time.
    /// </summary>
    public static class BeforePatch
    {
        public static int MoveOnePage(VmArea vma, ulong oldAddr, ulong newAddr)
        {
            var mm = vma.Mm;
            var error = 0;
            mm.PageTableLock.Lock();
            var src = PageTables.GetOnePteMapNested(mm, oldAddr);
            if (!src.IsNull)
            {
                // alloc_one_pte_map may need to allocate, and then must not run under the atomic kmap.
                if (!PageTables.PageTablePresent(mm, newAddr))
                {
                    PageTables.PteUnmapNested(src);
                    src = default;
                }

                var dst = PageTables.AllocOnePteMap(mm, newAddr);
                if (src.IsNull) // expect: LD0011
                {
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

                PageTables.PteUnmap(dst); // expect: LD0003
            }

            mm.PageTableLock.Unlock();
            return error;
        }

                /// <summary><c>try_to_unmap_file()</c>, called with the page's rmap lock held.</summary>
        [LockDiscipline.Requires("page.RmapLock")]
        public static SwapResult TryToUnmapFile(Page page, AddressSpace mapping, ulong maxNlSize)
        {
            var ret = SwapResult.Again;
            if (!mapping.ISharedLock.TryLock())
            {
                return ret;
            }

            foreach (var vma in mapping.IMmapShared)
            {
                ret = Rmap.TryToUnmapOne(page, vma);
                if (ret == SwapResult.Fail || page.MapCount == 0)
                {
                    goto outUnlock;
                }
            }

            page.RmapLock.Unlock();
            ulong maxNlCursor = Rmap.ClusterSize;
            do
            {
                foreach (var vma in mapping.IMmapShared)
                {
                    if ((vma.Flags & VmFlags.Nonlinear) == 0)
                    {
                        continue;
                    }

                    for (var cursor = vma.PrivateCursor; cursor < maxNlCursor; cursor += Rmap.ClusterSize)
                    {
                        ret = Rmap.TryToUnmapCluster(vma.Start + cursor, vma);
                        vma.PrivateCursor = cursor;
                        if (page.MapCount <= 0)
                        {
                            goto relock;
                        }

                        Sched.CondResched(); // expect: LD0002
                    }
                }

                maxNlCursor += Rmap.ClusterSize;
            }
            while (maxNlCursor <= maxNlSize);

        relock:
            page.RmapLock.Lock();
        outUnlock:
            mapping.ISharedLock.Unlock();
            return ret;
        }
    }
}

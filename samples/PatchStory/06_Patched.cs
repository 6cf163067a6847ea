using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;

namespace PatchStory
{
    /// <summary>
    /// The code as rmap-14-i_shared_lock-fixes leaves it. It raises no diagnostic: the conditional
    /// <c>i_shared_lock</c> is correlated with <c>mapping != null</c>, the try-lock may go against the
    /// order, the relock on failure takes the locks in order, <c>dst</c> is checked before
    /// <c>pte_unmap</c>, and <c>cond_resched_lock</c> drops the one spin lock that is held.
    /// </summary>
    public static class Patched
    {
        public static int MoveOnePage(VmArea vma, ulong oldAddr, ulong newAddr)
        {
            AddressSpace? mapping = null;
            var mm = vma.Mm;
            var error = 0;
            if (vma.File != null)
            {
                // Subtle point from Rajesh Venkatasubramanian: before moving file-based ptes, we must
                // lock vmtruncate out, since it might clean the dst vma before the src vma, and we
                // propagate stale pages into the dst afterward.
                mapping = vma.File.Mapping;
                mapping.ISharedLock.Lock();
            }

            mm.PageTableLock.Lock();
            var src = PageTables.GetOnePteMapNested(mm, oldAddr);
            if (!src.IsNull)
            {
                // Look to see whether alloc_one_pte_map needs to perform a memory allocation. If it
                // does then we need to drop the atomic kmap.
                var dst = PageTables.GetOnePteMap(mm, newAddr);
                if (dst.IsNull)
                {
                    PageTables.PteUnmapNested(src);
                    if (mapping != null)
                    {
                        mapping.ISharedLock.Unlock();
                    }

                    dst = PageTables.AllocOnePteMap(mm, newAddr);
                    if (mapping != null && !mapping.ISharedLock.TryLock())
                    {
                        mm.PageTableLock.Unlock();
                        mapping.ISharedLock.Lock();
                        mm.PageTableLock.Lock();
                    }

                    src = PageTables.GetOnePteMapNested(mm, oldAddr);
                }

                // Since alloc_one_pte_map can drop and re-acquire page_table_lock, we should re-check
                // the src entry...
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

        /// <summary><c>try_to_unmap_file()</c> with the patch's <c>cond_resched_lock</c>.</summary>
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
            Sched.CondReschedLock(mapping.ISharedLock);
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
                    }
                }

                Sched.CondReschedLock(mapping.ISharedLock);
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

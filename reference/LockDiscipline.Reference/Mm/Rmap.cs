using System.Collections.Generic;
using LockDiscipline.Reference.Kernel;

namespace LockDiscipline.Reference.Mm
{
    /// <summary>The result of <c>try_to_unmap</c>.</summary>
    public enum SwapResult
    {
        Success,
        Again,
        Fail,
    }

    /// <summary>
    /// mm/rmap.c, object-based reverse mapping for file pages, as rmap-14-i_shared_lock-fixes leaves it.
    /// Reclaim calls in holding the page's rmap lock — the innermost lock — so every earlier lock is
    /// only ever tried, never waited for.
    /// </summary>
    public static class Rmap
    {
        /// <summary><c>CLUSTER_SIZE</c>: how much of a nonlinear vma one step of the walk covers.</summary>
        public const ulong ClusterSize = 4 * PageTables.PageSize;

        /// <summary><c>try_to_unmap()</c> for a file page: removes every pte that maps it.</summary>
        [Requires("page.RmapLock")]
        public static SwapResult TryToUnmap(Page page) =>
            page.Mapping is null ? SwapResult.Fail : TryToUnmapFile(page, page.Mapping);

        /// <summary>
        /// <c>try_to_unmap_file()</c>: linear vmas by address, then nonlinear vmas cluster by cluster. It
        /// drops the page's rmap lock for the nonlinear walk and sleeps only then, which is what
        /// <c>[MayDrop]</c> says (without it the analyzers rightly report its caller as sleeping under
        /// the rmap lock).
        /// </summary>
        [MayDrop("page.RmapLock")]
        private static SwapResult TryToUnmapFile(Page page, AddressSpace mapping)
        {
            var ret = SwapResult.Again;
            if (!mapping.ISharedLock.TryLock())
            {
                return ret;
            }

            var nonlinear = new List<VmArea>();
            foreach (var vma in Vmas(mapping))
            {
                if ((vma.Flags & VmFlags.Nonlinear) != 0)
                {
                    nonlinear.Add(vma);
                    continue;
                }

                ret = TryToUnmapOne(page, vma);
                if (ret == SwapResult.Fail || page.MapCount == 0)
                {
                    goto outUnlock;
                }
            }

            if (nonlinear.Count == 0)
            {
                goto outUnlock;
            }

            // The nonlinear walk is long: it is done without the page's rmap lock, and, since the
            // patch, with cond_resched_lock on i_shared_lock instead of cond_resched.
            page.RmapLock.Unlock();
            Sched.CondReschedLock(mapping.ISharedLock);
            var maxNlSize = 0UL;
            foreach (var vma in nonlinear)
            {
                maxNlSize = System.Math.Max(maxNlSize, vma.End - vma.Start);
            }

            for (var maxNlCursor = ClusterSize; maxNlCursor <= maxNlSize + ClusterSize - 1; maxNlCursor += ClusterSize)
            {
                foreach (var vma in nonlinear)
                {
                    if ((vma.Flags & (VmFlags.Locked | VmFlags.Reserved)) != 0)
                    {
                        continue;
                    }

                    var cursor = vma.PrivateCursor;
                    while (cursor < maxNlCursor && cursor < vma.End - vma.Start)
                    {
                        ret = TryToUnmapCluster(vma.Start + cursor, vma);
                        cursor += ClusterSize;
                        vma.PrivateCursor = cursor;
                        if (page.MapCount <= 0)
                        {
                            goto relock;
                        }
                    }
                }

                Sched.CondReschedLock(mapping.ISharedLock);
            }

        relock:
            page.RmapLock.Lock();
        outUnlock:
            mapping.ISharedLock.Unlock();
            return page.MapCount == 0 ? SwapResult.Success : ret;
        }

        /// <summary>The vmas of a file, private then shared, under its <c>i_shared_lock</c>.</summary>
        [Requires("mapping.ISharedLock")]
        private static VmArea[] Vmas(AddressSpace mapping)
        {
            var all = new List<VmArea>(mapping.IMmap);
            all.AddRange(mapping.IMmapShared);
            return all.ToArray();
        }

        /// <summary><c>try_to_unmap_one()</c>: the pte of a linear vma that would map the page; <c>page_table_lock</c> is only tried.</summary>
        [Requires("page.RmapLock")]
        public static SwapResult TryToUnmapOne(Page page, VmArea vma)
        {
            if (page.Index < vma.PgOff)
            {
                return SwapResult.Again;
            }

            var address = vma.Start + (page.Index - vma.PgOff) * PageTables.PageSize;
            if (address >= vma.End)
            {
                return SwapResult.Again;
            }

            var mm = vma.Mm;
            if (!mm.PageTableLock.TryLock())
            {
                return SwapResult.Again;
            }

            var ret = SwapResult.Again;
            var pte = PageTables.GetOnePteMap(mm, address);
            if (!pte.IsNull)
            {
                if (!pte.IsNone && pte.Page == page && (vma.Flags & (VmFlags.Locked | VmFlags.Reserved)) != 0)
                {
                    // mlock()ed or reserved memory is never unmapped by reclaim.
                    ret = SwapResult.Fail;
                }
                else if (!pte.IsNone && pte.Page == page)
                {
                    pte.GetAndClear();
                    page.RemoveMap();
                    mm.Rss--;
                }

                PageTables.PteUnmap(pte);
            }

            mm.PageTableLock.Unlock();
            return ret;
        }

        /// <summary><c>try_to_unmap_cluster()</c>: unmaps every pte of one cluster of a nonlinear vma, whatever page it maps.</summary>
        public static SwapResult TryToUnmapCluster(ulong start, VmArea vma)
        {
            var mm = vma.Mm;
            if (!mm.PageTableLock.TryLock())
            {
                return SwapResult.Again;
            }

            for (var address = start; address < start + ClusterSize && address < vma.End; address += PageTables.PageSize)
            {
                var pte = PageTables.GetOnePteMap(mm, address);
                if (pte.IsNull)
                {
                    continue;
                }

                if (!pte.IsNone)
                {
                    pte.GetAndClear()!.RemoveMap();
                    mm.Rss--;
                }

                PageTables.PteUnmap(pte);
            }

            mm.PageTableLock.Unlock();
            return SwapResult.Again;
        }
    }
}

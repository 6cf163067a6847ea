using LockDiscipline.Reference.Kernel;

namespace LockDiscipline.Reference.Mm
{
    /// <summary>mm/mremap.c after rmap-14-i_shared_lock-fixes.</summary>
    public static class Mremap
    {
        /// <summary><c>move_one_page()</c>, as patched: returns 0, or -12 (ENOMEM) when no page table could be allocated.</summary>
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

        /// <summary>
        /// <c>move_vma()</c>: maps a new vma at <paramref name="newAddr"/>, moves the ptes into it, and unmaps
        /// the old one. If a page table cannot be allocated part way, the ptes moved so far go back and
        /// the new vma is unmapped instead; null is returned.
        /// </summary>
        public static VmArea? MoveVma(VmArea vma, ulong newAddr)
        {
            var length = vma.End - vma.Start;
            var newVma = Mmap.DoMmap(vma.Mm, vma.File, newAddr, length / PageTables.PageSize, vma.PgOff, vma.Flags);
            var moved = MovePageTables(vma, vma.Start, newAddr, length);
            if (moved < length)
            {
                MovePageTables(newVma, newAddr, vma.Start, moved);
                Mmap.DoMunmap(newVma);
                return null;
            }

            Mmap.DoMunmap(vma);
            return newVma;
        }

        /// <summary><c>move_page_tables()</c>: moves <paramref name="length"/> bytes of ptes, rescheduling between pages.</summary>
        public static ulong MovePageTables(VmArea vma, ulong oldAddr, ulong newAddr, ulong length)
        {
            ulong offset;
            for (offset = 0; offset < length; offset += PageTables.PageSize)
            {
                if (MoveOnePage(vma, oldAddr + offset, newAddr + offset) < 0)
                {
                    break;
                }

                Sched.CondResched();
            }

            return offset;
        }
    }
}

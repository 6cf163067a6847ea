using System;
using System.Collections.Generic;
using LockDiscipline.Reference.Kernel;

namespace LockDiscipline.Reference.Mm
{
    /// <summary>mm/memory.c: page faults and truncation's unmapping.</summary>
    public static class Memory
    {
        /// <summary>
        /// <c>do_no_page()</c> for a linear file vma: maps the page-cache page for <paramref name="address"/>
        /// and returns it, or returns null beyond the end of the file (<c>SIGBUS</c>). Races with
        /// truncation are closed as in 2.6: <c>i_size</c> is checked under the page-cache lock, and
        /// <c>truncate_count</c> is read before the lookup and checked again under <c>page_table_lock</c>.
        /// </summary>
        public static Page? HandleFault(VmArea vma, ulong address)
        {
            var mapping = vma.File?.Mapping ?? throw new ArgumentException("anonymous faults are not modelled", nameof(vma));
            var mm = vma.Mm;
            while (true)
            {
                var sequence = mapping.TruncateCount;
                var page = mapping.FindOrCreatePage(vma.PageIndexOf(address));
                if (page is null)
                {
                    return null;
                }

                // Reading the page in (filemap_nopage) may sleep: this is the window truncation can use.
                Sched.CondResched();
                mm.PageTableLock.Lock();
                var pte = PageTables.AllocOnePteMap(mm, address);
                if (sequence != mapping.TruncateCount)
                {
                    // Truncation started since the lookup: the page may be on its way out. Retry.
                    if (!pte.IsNull)
                    {
                        PageTables.PteUnmap(pte);
                    }

                    mm.PageTableLock.Unlock();
                    page.Put();
                    continue;
                }

                var installed = false;
                if (!pte.IsNull)
                {
                    if (pte.IsNone)
                    {
                        pte.Set(page);
                        page.AddMap();
                        mm.Rss++;
                        installed = true;
                    }

                    PageTables.PteUnmap(pte);
                }

                mm.PageTableLock.Unlock();
                if (!installed)
                {
                    page.Put();
                }

                return page;
            }
        }

        /// <summary>
        /// <c>install_page()</c>, as <c>remap_file_pages()</c> uses it for a nonlinear vma: maps file page
        /// <paramref name="index"/> at <paramref name="address"/>, whatever the vma's linear layout says.
        /// </summary>
        public static Page? InstallPage(VmArea vma, ulong address, ulong index)
        {
            var mapping = vma.File?.Mapping ?? throw new ArgumentException("install_page needs a file vma", nameof(vma));
            var page = mapping.FindOrCreatePage(index);
            if (page is null)
            {
                return null;
            }

            var mm = vma.Mm;
            mm.PageTableLock.Lock();
            var pte = PageTables.AllocOnePteMap(mm, address);
            if (!pte.IsNull)
            {
                if (!pte.IsNone)
                {
                    pte.GetAndClear()!.RemoveMap();
                    mm.Rss--;
                }

                pte.Set(page);
                page.AddMap();
                mm.Rss++;
                PageTables.PteUnmap(pte);
            }
            else
            {
                page.Put();
            }

            mm.PageTableLock.Unlock();
            return page;
        }

        /// <summary>
        /// <c>unmap_mapping_range()</c>: zaps, in every vma that maps <paramref name="mapping"/>, the ptes of
        /// pages from <paramref name="firstPage"/> on, holding <c>i_shared_lock</c> across the whole walk.
        /// <paramref name="afterVma"/> is a test hook, called after each vma is cleaned.
        /// </summary>
        public static void UnmapMappingRange(AddressSpace mapping, ulong firstPage, Action<VmArea>? afterVma = null)
        {
            mapping.ISharedLock.Lock();
            mapping.BumpTruncateCount();
            UnmapMappingRangeList(mapping, mapping.IMmap, firstPage, afterVma);
            UnmapMappingRangeList(mapping, mapping.IMmapShared, firstPage, afterVma);
            mapping.ISharedLock.Unlock();
        }

        /// <summary><c>unmap_mapping_range_list()</c>.</summary>
        [Requires("mapping.ISharedLock")]
        private static void UnmapMappingRangeList(AddressSpace mapping, List<VmArea> vmas, ulong firstPage, Action<VmArea>? afterVma)
        {
            foreach (var vma in vmas.ToArray())
            {
                ZapPageRange(vma, firstPage);
                afterVma?.Invoke(vma);
            }
        }

        /// <summary><c>zap_page_range()</c> over the part of <paramref name="vma"/> that maps pages from <paramref name="firstPage"/> on.</summary>
        public static void ZapPageRange(VmArea vma, ulong firstPage)
        {
            var mm = vma.Mm;
            mm.PageTableLock.Lock();
            for (var address = vma.Start; address < vma.End; address += PageTables.PageSize)
            {
                var pte = PageTables.GetOnePteMap(mm, address);
                if (pte.IsNull)
                {
                    continue;
                }

                if (!pte.IsNone && pte.Page!.Index >= firstPage)
                {
                    pte.GetAndClear()!.RemoveMap();
                    mm.Rss--;
                }

                PageTables.PteUnmap(pte);
            }

            mm.PageTableLock.Unlock();
        }

        /// <summary>
        /// <c>vmtruncate()</c>: shrinks the file to <paramref name="newSizePages"/> pages: lowers <c>i_size</c>,
        /// unmaps, then drops the page-cache pages.
        /// </summary>
        public static void VmTruncate(AddressSpace mapping, ulong newSizePages, Action<VmArea>? afterVma = null)
        {
            mapping.SetSize(newSizePages);
            UnmapMappingRange(mapping, newSizePages, afterVma);
            TruncateInodePages(mapping, newSizePages);
        }

        /// <summary><c>truncate_inode_pages()</c>: removes the pages from <paramref name="firstPage"/> on from the page cache.</summary>
        public static void TruncateInodePages(AddressSpace mapping, ulong firstPage) => mapping.RemoveFrom(firstPage);
    }
}

using System;
using System.Collections.Generic;

namespace LockDiscipline.Reference.Mm
{
    /// <summary>mm/memory.c: page faults and truncation's unmapping.</summary>
    public static class Memory
    {
        /// <summary><c>do_no_page()</c> for a linear file vma: maps the page-cache page for <paramref name="address"/>.</summary>
        public static Page HandleFault(VmArea vma, ulong address)
        {
            var mapping = vma.File?.Mapping ?? throw new ArgumentException("anonymous faults are not modelled", nameof(vma));
            var page = mapping.FindOrCreatePage(vma.PageIndexOf(address));
            var mm = vma.Mm;
            mm.PageTableLock.Lock();
            var pte = PageTables.AllocOnePteMap(mm, address);
            if (!pte.IsNull)
            {
                if (pte.IsNone)
                {
                    pte.Set(page);
                    page.MapCount++;
                    mm.Rss++;
                }

                PageTables.PteUnmap(pte);
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
                ZapFilePages(vma, firstPage);
                afterVma?.Invoke(vma);
            }
        }

        /// <summary><c>zap_page_range()</c> over the part of <paramref name="vma"/> that maps pages from <paramref name="firstPage"/> on.</summary>
        private static void ZapFilePages(VmArea vma, ulong firstPage)
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
                    pte.GetAndClear()!.MapCount--;
                    mm.Rss--;
                }

                PageTables.PteUnmap(pte);
            }

            mm.PageTableLock.Unlock();
        }

        /// <summary><c>vmtruncate()</c>: shrinks the file to <paramref name="newSizePages"/> pages: unmaps, then drops the page-cache pages.</summary>
        public static void VmTruncate(AddressSpace mapping, ulong newSizePages, Action<VmArea>? afterVma = null)
        {
            UnmapMappingRange(mapping, newSizePages, afterVma);
            TruncateInodePages(mapping, newSizePages);
        }

        /// <summary><c>truncate_inode_pages()</c>: removes the pages from <paramref name="firstPage"/> on from the page cache.</summary>
        public static void TruncateInodePages(AddressSpace mapping, ulong firstPage)
        {
            lock (mapping.PageCache)
            {
                foreach (var index in new List<ulong>(mapping.PageCache.Keys))
                {
                    if (index >= firstPage)
                    {
                        mapping.PageCache[index].Mapping = null;
                        mapping.PageCache.Remove(index);
                    }
                }
            }
        }
    }
}

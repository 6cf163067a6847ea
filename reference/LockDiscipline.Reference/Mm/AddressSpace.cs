using System.Collections.Generic;
using System.Threading;
using LockDiscipline.Reference.Kernel;

namespace LockDiscipline.Reference.Mm
{
    /// <summary><c>struct address_space</c>: a file's page cache and the vmas that map it.</summary>
    public sealed class AddressSpace
    {
        public AddressSpace()
        {
            ISharedLock = new SpinLockT(typeof(AddressSpace), nameof(ISharedLock));
        }

        /// <summary>
        /// <c>i_shared_lock</c> guards <see cref="IMmap"/> and <see cref="IMmapShared"/>. The order of mm, written
        /// once as at the top of mm/rmap.c: i_shared_lock, then page_table_lock, then the page's rmap lock.
        /// </summary>
        [AcquiredBefore(typeof(MmStruct), nameof(MmStruct.PageTableLock))]
        public readonly SpinLockT ISharedLock;

        /// <summary>The page cache: page index → page.</summary>
        public Dictionary<ulong, Page> PageCache { get; } = new Dictionary<ulong, Page>();

        /// <summary>Private mappings of the file (<c>i_mmap</c>).</summary>
        [GuardedBy(nameof(ISharedLock))]
        public List<VmArea> IMmap { get; } = new List<VmArea>();

        /// <summary>Shared mappings of the file (<c>i_mmap_shared</c>).</summary>
        [GuardedBy(nameof(ISharedLock))]
        public List<VmArea> IMmapShared { get; } = new List<VmArea>();

        /// <summary>
        /// <c>i_size</c> in pages: faults beyond it fail (<c>SIGBUS</c>). Truncation lowers it first, so a
        /// fault that starts after truncation cannot bring a page back.
        /// </summary>
        public ulong SizePages => Volatile.Read(ref _sizePages);

        /// <summary>
        /// <c>truncate_count</c>: bumped under <see cref="ISharedLock"/> each time truncation starts
        /// unmapping. A fault reads it before looking the page up and checks it again under
        /// <c>page_table_lock</c>; if it moved, truncation may have passed this vma already, and the
        /// fault retries instead of installing a pte for a page about to leave the page cache.
        /// </summary>
        public int TruncateCount => Volatile.Read(ref _truncateCount);

        private ulong _sizePages = ulong.MaxValue;
        private int _truncateCount;

        /// <summary><c>i_size_write()</c>.</summary>
        public void SetSize(ulong pages) => Volatile.Write(ref _sizePages, pages);

        [Requires(nameof(ISharedLock))]
        internal void BumpTruncateCount() => Interlocked.Increment(ref _truncateCount);

        /// <summary>
        /// <c>find_or_create_page()</c>: the page at <paramref name="index"/> with a reference taken for the
        /// caller, read into the cache if it is not there; null beyond the end of the file.
        /// </summary>
        public Page? FindOrCreatePage(ulong index)
        {
            lock (PageCache)
            {
                if (index >= SizePages)
                {
                    return null;
                }

                if (!PageCache.TryGetValue(index, out var page))
                {
                    PageCache[index] = page = new Page(this, index);
                    page.Get(); // the page cache's own reference
                }

                page.Get();
                return page;
            }
        }

        /// <summary>The cached page at <paramref name="index"/> with a reference taken for the caller, or null.</summary>
        public Page? FindGetPage(ulong index)
        {
            lock (PageCache)
            {
                if (!PageCache.TryGetValue(index, out var page))
                {
                    return null;
                }

                page.Get();
                return page;
            }
        }

        /// <summary>
        /// Reclaim's <c>remove_mapping()</c>: drops <paramref name="page"/> from the cache if no pte maps it and
        /// nobody but the cache and the caller holds a reference.
        /// </summary>
        public bool RemoveIfUnused(Page page)
        {
            lock (PageCache)
            {
                if (page.Mapping != this || page.MapCount != 0 || page.RefCount != 2)
                {
                    return false;
                }

                RemoveLocked(page);
                return true;
            }
        }

        /// <summary>Removes every page from <paramref name="firstPage"/> on (<c>truncate_inode_pages()</c>'s work).</summary>
        public void RemoveFrom(ulong firstPage)
        {
            lock (PageCache)
            {
                foreach (var index in new List<ulong>(PageCache.Keys))
                {
                    if (index >= firstPage)
                    {
                        RemoveLocked(PageCache[index]);
                    }
                }
            }
        }

        private void RemoveLocked(Page page)
        {
            PageCache.Remove(page.Index);
            page.Mapping = null;
            page.Put();
        }
    }
}

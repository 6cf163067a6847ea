using System.Collections.Generic;
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

        /// <summary>The page at <paramref name="index"/>, read into the cache if it is not there (<c>find_or_create_page</c>).</summary>
        public Page FindOrCreatePage(ulong index)
        {
            lock (PageCache)
            {
                if (!PageCache.TryGetValue(index, out var page))
                {
                    PageCache[index] = page = new Page(this, index);
                }

                return page;
            }
        }
    }
}

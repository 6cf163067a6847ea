using System.Threading;
using LockDiscipline.Reference.Kernel;

namespace LockDiscipline.Reference.Mm
{
    /// <summary>
    /// <c>struct page</c>: a page of a file, where it sits in the file, its reference and map counts,
    /// and its rmap bit lock. Both counts are atomic, as in the kernel: ptes of different mms (under
    /// different page-table locks) map the same page.
    /// </summary>
    public sealed class Page
    {
        private int _mapCount;
        private int _refCount;

        public Page(AddressSpace? mapping, ulong index)
        {
            Mapping = mapping;
            Index = index;
            RmapLock = new SpinLockT(typeof(Page), nameof(RmapLock));
        }

        /// <summary><c>rmap_lock(page)</c>: the innermost lock of mm (mm/rmap.c's lock-ordering comment).</summary>
        [AcquiredAfter(typeof(MmStruct), nameof(MmStruct.PageTableLock))]
        public readonly SpinLockT RmapLock;

        /// <summary>The file the page caches; null once truncation or reclaim has dropped it from the page cache.</summary>
        public AddressSpace? Mapping { get; internal set; }

        /// <summary>Offset in the file, in pages.</summary>
        public ulong Index { get; }

        /// <summary>How many ptes map the page (<c>page_mapcount()</c>).</summary>
        public int MapCount => Volatile.Read(ref _mapCount);

        /// <summary>
        /// References (<c>page_count()</c>): one for the page cache, one per pte, one per fault or reclaim
        /// in flight. Reclaim frees a page only when nobody but the cache and itself holds it.
        /// </summary>
        public int RefCount => Volatile.Read(ref _refCount);

        /// <summary><c>page_cache_get()</c>.</summary>
        public void Get() => Interlocked.Increment(ref _refCount);

        /// <summary><c>page_cache_release()</c>.</summary>
        public void Put() => Interlocked.Decrement(ref _refCount);

        /// <summary><c>page_add_file_rmap()</c>: a pte now maps the page; the pte keeps the caller's reference.</summary>
        public void AddMap() => Interlocked.Increment(ref _mapCount);

        /// <summary><c>page_remove_rmap()</c> and the pte's <c>page_cache_release()</c>: a pte no longer maps the page.</summary>
        public void RemoveMap()
        {
            Interlocked.Decrement(ref _mapCount);
            Put();
        }

        public override string ToString() => $"page {Index}{(Mapping is null ? " (truncated)" : "")}";
    }
}

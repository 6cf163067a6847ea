using LockDiscipline.Reference.Kernel;

namespace LockDiscipline.Reference.Mm
{
    /// <summary><c>struct page</c>: a page of a file, where it sits in the file, how many ptes map it, and its rmap bit lock.</summary>
    public sealed class Page
    {
        public Page(AddressSpace? mapping, ulong index)
        {
            Mapping = mapping;
            Index = index;
            RmapLock = new SpinLockT(typeof(Page), nameof(RmapLock));
        }

        /// <summary><c>rmap_lock(page)</c>: the innermost lock of mm (mm/rmap.c's lock-ordering comment).</summary>
        [AcquiredAfter(typeof(MmStruct), nameof(MmStruct.PageTableLock))]
        public readonly SpinLockT RmapLock;

        /// <summary>The file the page caches; null once truncation has dropped it from the page cache.</summary>
        public AddressSpace? Mapping { get; internal set; }

        /// <summary>Offset in the file, in pages.</summary>
        public ulong Index { get; }

        /// <summary>How many ptes map the page.</summary>
        public int MapCount { get; internal set; }

        public override string ToString() => $"page {Index}{(Mapping is null ? " (truncated)" : "")}";
    }
}

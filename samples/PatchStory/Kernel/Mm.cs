using System.Collections.Generic;
using LockDiscipline;

namespace PatchStory.Kernel
{
    /// <summary>A file's <c>struct address_space</c>: its vma lists, guarded by <c>i_shared_lock</c>.</summary>
    public sealed class AddressSpace
    {
        /// <summary>mm/rmap.c: i_shared_lock is taken before page_table_lock.</summary>
        [AcquiredBefore(typeof(MmStruct), nameof(MmStruct.PageTableLock))]
        public readonly SpinLockT ISharedLock = new SpinLockT();

        public readonly List<VmArea> IMmap = new List<VmArea>();
        public readonly List<VmArea> IMmapShared = new List<VmArea>();
    }

    public sealed class File
    {
        public File(AddressSpace mapping) { Mapping = mapping; }

        public AddressSpace Mapping { get; }
    }

    /// <summary>An address space: <c>struct mm_struct</c>.</summary>
    public sealed class MmStruct
    {
        public readonly SpinLockT PageTableLock = new SpinLockT();

        /// <summary>pgd → pmd → pte pages; a missing key is an absent table.</summary>
        public readonly Dictionary<ulong, ulong[]> PteTables = new Dictionary<ulong, ulong[]>();
    }

    public sealed class VmArea
    {
        public VmArea(MmStruct mm, File? file) { Mm = mm; File = file; }

        public MmStruct Mm { get; }
        public File? File { get; }
        public ulong Start { get; set; }
        public ulong End { get; set; }
        public bool Nonlinear { get; set; }
        public ulong PrivateCursor { get; set; }
    }

    /// <summary>A page of a file: <c>struct page</c> with its rmap bit lock.</summary>
    public sealed class Page
    {
        public Page(AddressSpace mapping) { Mapping = mapping; }

        /// <summary><c>rmap_lock(page)</c>: the innermost lock of mm.</summary>
        [AcquiredAfter(typeof(MmStruct), nameof(MmStruct.PageTableLock))]
        public readonly SpinLockT RmapLock = new SpinLockT();

        public AddressSpace Mapping { get; }

        public int MapCount { get; set; }
    }

    /// <summary>A mapped pte pointer (<c>pte_t *</c>); <c>default</c> is NULL.</summary>
    public readonly struct Pte
    {
        private readonly ulong[]? _table;
        private readonly int _index;

        public Pte(ulong[] table, int index) { _table = table; _index = index; }

        public bool IsNull => _table is null;

        public ulong Value
        {
            get => _table![_index];
            set => _table![_index] = value;
        }

        public bool IsNone => _table![_index] == 0;
    }
}

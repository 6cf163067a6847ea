using System.Collections.Generic;
using LockDiscipline.Reference.Kernel;

namespace LockDiscipline.Reference.Mm
{
    /// <summary><c>struct mm_struct</c>: an address space, its vmas and its three-level page table.</summary>
    public sealed class MmStruct
    {
        public MmStruct()
        {
            PageTableLock = new SpinLockT(typeof(MmStruct), nameof(PageTableLock));
        }

        /// <summary><c>page_table_lock</c>: guards the page table and <see cref="Rss"/>.</summary>
        public readonly SpinLockT PageTableLock;

        /// <summary>The top level: <c>pgd</c> entries, each a pmd table or null.</summary>
        internal readonly PmdTable?[] Pgd = new PmdTable?[PageTables.PtrsPerTable];

        public List<VmArea> Vmas { get; } = new List<VmArea>();

        /// <summary>Pages mapped (<c>rss</c>).</summary>
        [GuardedBy(nameof(PageTableLock))]
        public long Rss { get; internal set; }
    }

    /// <summary>A pmd page: entries point to pte pages.</summary>
    internal sealed class PmdTable
    {
        public readonly PteTable?[] Entries = new PteTable?[PageTables.PtrsPerTable];
    }

    /// <summary>A pte page: each entry maps a page or is none.</summary>
    internal sealed class PteTable
    {
        public readonly Page?[] Entries = new Page?[PageTables.PtrsPerTable];
    }
}

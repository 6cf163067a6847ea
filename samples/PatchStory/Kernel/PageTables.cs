using LockDiscipline;

namespace PatchStory.Kernel
{
    /// <summary>The pte helpers of mm/mremap.c, with the contracts the patch relies on.</summary>
    public static class PageTables
    {
        private const int PtesPerTable = 512;

        private static ulong TableKey(ulong addr) => addr / (PtesPerTable * 4096UL);

        private static int Index(ulong addr) => (int)((addr / 4096UL) % PtesPerTable);

        /// <summary><c>get_one_pte_map_nested()</c>: the source pte, NULL when there is no page table.</summary>
        [Requires("mm.PageTableLock")]
        [return: MaybeNullHandle]
        public static Pte GetOnePteMapNested(MmStruct mm, ulong addr) => GetOnePteMap(mm, addr);

        /// <summary><c>get_one_pte_map()</c>: the patch's replacement for <c>page_table_present()</c>.</summary>
        [Requires("mm.PageTableLock")]
        [return: MaybeNullHandle]
        public static Pte GetOnePteMap(MmStruct mm, ulong addr) =>
            mm.PteTables.TryGetValue(TableKey(addr), out var table) ? new Pte(table, Index(addr)) : default;

        /// <summary>
        /// <c>alloc_one_pte_map()</c>: allocates the page table if needed. May drop
        /// <c>page_table_lock</c> and sleep in the allocator; returns NULL when memory runs out.
        /// </summary>
        [MightSleep, MayDrop("mm.PageTableLock")]
        [return: MaybeNullHandle]
        public static Pte AllocOnePteMap(MmStruct mm, ulong addr)
        {
            if (!mm.PteTables.TryGetValue(TableKey(addr), out var table))
            {
                mm.PageTableLock.Unlock();
                table = new ulong[PtesPerTable];
                mm.PageTableLock.Lock();
                mm.PteTables[TableKey(addr)] = table;
            }

            return new Pte(table, Index(addr));
        }

        /// <summary><c>pte_unmap()</c>: releases the atomic kmap; the pte must not be NULL.</summary>
        public static void PteUnmap([NonNullHandle] Pte pte) { }

        /// <summary><c>pte_unmap_nested()</c>.</summary>
        public static void PteUnmapNested([NonNullHandle] Pte pte) { }
    }
}

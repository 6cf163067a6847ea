using System;
using LockDiscipline.Reference.Kernel;

namespace LockDiscipline.Reference.Mm
{
    /// <summary>
    /// Page-table walks (include/asm/pgtable.h and the helpers of mm/mremap.c): <c>pgd_offset</c>,
    /// <c>pmd_offset</c>, <c>pte_offset_map</c>, and the patch's <c>get_one_pte_map</c> and
    /// <c>alloc_one_pte_map</c>.
    /// </summary>
    public static class PageTables
    {
        public const int PageShift = 12;
        public const ulong PageSize = 1UL << PageShift;
        public const int PtrsPerTable = 512;

        private static int PgdIndex(ulong address) => (int)((address >> (PageShift + 18)) % PtrsPerTable);

        private static int PmdIndex(ulong address) => (int)((address >> (PageShift + 9)) % PtrsPerTable);

        private static int PteIndex(ulong address) => (int)((address >> PageShift) % PtrsPerTable);

        /// <summary><c>get_one_pte_map_nested()</c>: the source pte, or NULL when its page table is absent.</summary>
        [Requires("mm.PageTableLock")]
        [return: MaybeNullHandle]
        public static Pte GetOnePteMapNested(MmStruct mm, ulong address) => GetOnePteMap(mm, address);

        /// <summary><c>get_one_pte_map()</c>: the pte, or NULL when the pgd or pmd entry is absent.</summary>
        [Requires("mm.PageTableLock")]
        [return: MaybeNullHandle]
        public static Pte GetOnePteMap(MmStruct mm, ulong address)
        {
            var pmd = mm.Pgd[PgdIndex(address)];
            var pte = pmd?.Entries[PmdIndex(address)];
            return pte is null ? default : new Pte(pte, PteIndex(address));
        }

        /// <summary>
        /// <c>page_table_present()</c>, which the patch replaced by <see cref="GetOnePteMap"/>: whether the
        /// pmd entry for <paramref name="address"/> points to a pte page.
        /// </summary>
        [Requires("mm.PageTableLock")]
        public static bool PageTablePresent(MmStruct mm, ulong address) => !GetOnePteMap(mm, address).IsNull;

        [ThreadStatic]
        private static int _failAllocations;

        /// <summary>
        /// Fault injection (the kernel's <c>failslab</c>) for tests: the calling thread's next
        /// <paramref name="count"/> page-table allocations fail, so <see cref="AllocOnePteMap"/> returns NULL.
        /// </summary>
        public static void FailNextAllocations(int count) => _failAllocations = count;

        /// <summary>
        /// <c>alloc_one_pte_map()</c> (<c>pte_alloc_map</c>): the pte, allocating the pmd and pte pages on
        /// the way. Allocating may sleep, so <c>page_table_lock</c> is dropped around it and retaken;
        /// values read under the lock before the call may be stale after it.
        /// </summary>
        [MightSleep, MayDrop("mm.PageTableLock")]
        [return: MaybeNullHandle]
        public static Pte AllocOnePteMap(MmStruct mm, ulong address)
        {
            if (GetOnePteMap(mm, address) is { IsNull: false } present)
            {
                return present;
            }

            mm.PageTableLock.Unlock();
            Sched.MightSleep();
            if (_failAllocations > 0)
            {
                _failAllocations--;
                mm.PageTableLock.Lock();
                return default;
            }

            var pmd = new PmdTable();
            var pte = new PteTable();
            mm.PageTableLock.Lock();

            // Another thread may have allocated them while the lock was dropped.
            var pmdEntry = mm.Pgd[PgdIndex(address)] ??= pmd;
            var pteEntry = pmdEntry.Entries[PmdIndex(address)] ??= pte;
            return new Pte(pteEntry, PteIndex(address));
        }

        /// <summary><c>pte_unmap()</c>: releases the atomic kmap; the pte must not be NULL (the kernel oopses).</summary>
        public static void PteUnmap([NonNullHandle] Pte pte) => KunmapAtomic(pte, "pte_unmap");

        /// <summary><c>pte_unmap_nested()</c>.</summary>
        public static void PteUnmapNested([NonNullHandle] Pte pte) => KunmapAtomic(pte, "pte_unmap_nested");

        private static void KunmapAtomic(Pte pte, string caller)
        {
            if (pte.IsNull)
            {
                throw new NullReferenceException($"Unable to handle kernel NULL pointer dereference: {caller}(NULL)");
            }
        }
    }
}

using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;

namespace PatchStory
{
    /// <summary>
    /// Naive fix 4: exclude truncation for the whole of <c>move_page_tables()</c> by holding
    /// <c>i_shared_lock</c> around its loop, keeping the loop's <c>cond_resched()</c> between pages.
    /// <c>cond_resched()</c> may sleep, and <c>i_shared_lock</c> is a spin lock: LD0002 — both when
    /// called directly and through a helper that is not annotated, where the inference names the chain.
    /// </summary>
    public static class NaiveFixCondReschedUnderISharedLock
    {
        public static ulong MovePageTables(VmArea vma, ulong oldAddr, ulong newAddr, ulong len)
        {
            var mapping = vma.File!.Mapping;
            ulong offset;
            mapping.ISharedLock.Lock();
            for (offset = 0; offset < len; offset += 4096)
            {
                if (NaiveFixLockAfterPageTableLockFree.MoveOnePageLocked(vma, oldAddr + offset, newAddr + offset) < 0)
                {
                    break;
                }

                Sched.CondResched(); // expect: LD0002
            }

            mapping.ISharedLock.Unlock();
            return offset;
        }

        public static ulong MovePageTablesWithHelper(VmArea vma, ulong oldAddr, ulong newAddr, ulong len)
        {
            var mapping = vma.File!.Mapping;
            ulong offset;
            mapping.ISharedLock.Lock();
            for (offset = 0; offset < len; offset += 4096)
            {
                NaiveFixLockAfterPageTableLockFree.MoveOnePageLocked(vma, oldAddr + offset, newAddr + offset);
                BeFair(); // expect: LD0002
            }

            mapping.ISharedLock.Unlock();
            return offset;
        }

        /// <summary>Not annotated: the analyzers infer that it might sleep, because it calls <c>cond_resched()</c>.</summary>
        private static void BeFair() => Sched.CondResched();
    }

    /// <summary>The body of a move with <c>i_shared_lock</c> already held by the caller.</summary>
    internal static class NaiveFixLockAfterPageTableLockFree
    {
        [LockDiscipline.Requires("vma.File.Mapping.ISharedLock")]
        public static int MoveOnePageLocked(VmArea vma, ulong oldAddr, ulong newAddr)
        {
            var mm = vma.Mm;
            mm.PageTableLock.Lock();
            var src = PageTables.GetOnePteMapNested(mm, oldAddr);
            var moved = 0;
            if (!src.IsNull)
            {
                var dst = PageTables.GetOnePteMap(mm, newAddr);
                if (!dst.IsNull)
                {
                    dst.Set(src.GetAndClear());
                    PageTables.PteUnmap(dst);
                    moved = 1;
                }

                PageTables.PteUnmapNested(src);
            }

            mm.PageTableLock.Unlock();
            return moved;
        }
    }
}

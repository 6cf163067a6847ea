using LockDiscipline;

namespace PatchStory.Kernel
{
    /// <summary>The parts of mm/rmap.c that the story calls.</summary>
    public static class Rmap
    {
        public const int SwapSuccess = 0;
        public const int SwapAgain = 1;
        public const int SwapFail = 2;
        public const ulong ClusterSize = 32 * 4096;

        /// <summary><c>try_to_unmap_one()</c>: trylocks <c>page_table_lock</c>, against the order, since the rmap lock is held.</summary>
        [Requires("page.RmapLock")]
        public static int TryToUnmapOne(Page page, VmArea vma)
        {
            var mm = vma.Mm;
            if (!mm.PageTableLock.TryLock())
            {
                return SwapAgain;
            }

            page.MapCount--;
            mm.PageTableLock.Unlock();
            return SwapSuccess;
        }

        /// <summary><c>try_to_unmap_cluster()</c>: unmaps one cluster of a nonlinear vma.</summary>
        public static int TryToUnmapCluster(ulong cursor, VmArea vma)
        {
            var mm = vma.Mm;
            if (!mm.PageTableLock.TryLock())
            {
                return SwapAgain;
            }

            mm.PageTableLock.Unlock();
            return SwapSuccess;
        }
    }
}

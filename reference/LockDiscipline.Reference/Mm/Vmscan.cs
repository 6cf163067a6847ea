namespace LockDiscipline.Reference.Mm
{
    /// <summary>mm/vmscan.c: reclaiming one page of a file (the part of <c>shrink_list()</c> that rmap serves).</summary>
    public static class Vmscan
    {
        /// <summary>
        /// Unmaps the cached page at <paramref name="index"/> from every mm through reverse mapping, then
        /// frees it from the page cache if nothing maps or holds it. Returns whether it was freed.
        /// </summary>
        public static bool ShrinkPage(AddressSpace mapping, ulong index)
        {
            var page = mapping.FindGetPage(index);
            if (page is null)
            {
                return false;
            }

            var result = SwapResult.Success;
            page.RmapLock.Lock();
            if (page.MapCount > 0)
            {
                result = Rmap.TryToUnmap(page);
            }

            page.RmapLock.Unlock();
            var freed = result == SwapResult.Success && mapping.RemoveIfUnused(page);
            page.Put();
            return freed;
        }
    }
}

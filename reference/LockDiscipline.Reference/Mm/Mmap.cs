namespace LockDiscipline.Reference.Mm
{
    /// <summary>mm/mmap.c: creating a mapping.</summary>
    public static class Mmap
    {
        /// <summary><c>do_mmap()</c> of <paramref name="pages"/> pages of <paramref name="file"/> from page <paramref name="pgoff"/> at <paramref name="start"/>.</summary>
        public static VmArea DoMmap(MmStruct mm, File? file, ulong start, ulong pages, ulong pgoff, VmFlags flags)
        {
            var vma = new VmArea(mm, start, start + pages * PageTables.PageSize, pgoff, flags, file);
            mm.Vmas.Add(vma);
            if (file is not null)
            {
                LinkFileVma(file.Mapping, vma);
            }

            return vma;
        }

        /// <summary><c>__vma_link_file()</c>: puts the vma on its file's list, under <c>i_shared_lock</c>.</summary>
        public static void LinkFileVma(AddressSpace mapping, VmArea vma)
        {
            mapping.ISharedLock.Lock();
            if ((vma.Flags & VmFlags.Shared) != 0)
            {
                mapping.IMmapShared.Add(vma);
            }
            else
            {
                mapping.IMmap.Add(vma);
            }

            mapping.ISharedLock.Unlock();
        }
    }
}

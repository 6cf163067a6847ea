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
    
        /// <summary><c>__remove_shared_vm_struct()</c>: takes the vma off its file's list, under <c>i_shared_lock</c>.</summary>
        public static void UnlinkFileVma(AddressSpace mapping, VmArea vma)
        {
            mapping.ISharedLock.Lock();
            mapping.IMmapShared.Remove(vma);
            mapping.IMmap.Remove(vma);
            mapping.ISharedLock.Unlock();
        }

        /// <summary><c>do_munmap()</c> of a whole vma: unlinks it, then zaps whatever it still maps.</summary>
        public static void DoMunmap(VmArea vma)
        {
            vma.Mm.Vmas.Remove(vma);
            if (vma.File is not null)
            {
                UnlinkFileVma(vma.File.Mapping, vma);
            }

            Memory.ZapPageRange(vma, 0);
        }
    }
}

using System;

namespace LockDiscipline.Reference.Mm
{
    [Flags]
    public enum VmFlags
    {
        None = 0,
        Shared = 1,
        Nonlinear = 2,
        Locked = 4,
        Reserved = 8,
    }

    /// <summary><c>struct vm_area_struct</c>: a range [<see cref="Start"/>, <see cref="End"/>) of one address space.</summary>
    public sealed class VmArea
    {
        public VmArea(MmStruct mm, ulong start, ulong end, ulong pgoff, VmFlags flags, File? file)
        {
            Mm = mm;
            Start = start;
            End = end;
            PgOff = pgoff;
            Flags = flags;
            File = file;
        }

        public MmStruct Mm { get; }

        public ulong Start { get; internal set; }

        public ulong End { get; internal set; }

        /// <summary>File offset of <see cref="Start"/>, in pages (<c>vm_pgoff</c>).</summary>
        public ulong PgOff { get; internal set; }

        public VmFlags Flags { get; }

        /// <summary>The mapped file; null for anonymous memory (<c>vm_file</c>).</summary>
        public File? File { get; }

        /// <summary><c>vm_private_data</c>: the nonlinear walk's cursor in <c>try_to_unmap_file</c>.</summary>
        public ulong PrivateCursor { get; set; }

        /// <summary>The file page a linear vma maps at <paramref name="address"/>.</summary>
        public ulong PageIndexOf(ulong address) => PgOff + (address - Start) / PageTables.PageSize;

        public override string ToString() => $"vma [{Start:x}, {End:x}) pgoff {PgOff}";
    }

    /// <summary>An open file: <c>vma-&gt;vm_file-&gt;f_mapping</c>.</summary>
    public sealed class File
    {
        public File(AddressSpace mapping)
        {
            Mapping = mapping;
        }

        public AddressSpace Mapping { get; }
    }
}

namespace LockDiscipline.Reference.Kernel
{
    /// <summary>Where a lock operation was called: kept as file and line, formatted only for a report.</summary>
    public readonly record struct CallSite(string File, int Line)
    {
        public override string ToString() => System.IO.Path.GetFileName(File) + ":" + Line;
    }
}

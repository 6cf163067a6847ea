namespace LockDiscipline.CodeFixes
{
    /// <summary>The property names the analyzers put on diagnostics for the fixes (kept in step with the analyzers' own copy).</summary>
    internal static class DiagnosticProperties
    {
        public const string Lock = LockDiscipline.Analyzers.Rules.DiagnosticPropertyNames.Lock;
        public const string KeptLocks = LockDiscipline.Analyzers.Rules.DiagnosticPropertyNames.KeptLocks;
        public const string LaterLocks = LockDiscipline.Analyzers.Rules.DiagnosticPropertyNames.LaterLocks;
        public const string Attributes = LockDiscipline.Analyzers.Rules.DiagnosticPropertyNames.Attributes;
    }
}

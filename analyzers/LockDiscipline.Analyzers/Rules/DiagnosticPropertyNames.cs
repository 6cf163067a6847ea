namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>Properties on diagnostics that the code fixes read.</summary>
    internal static class DiagnosticPropertyNames
    {
        /// <summary>The held lock as the code spells it.</summary>
        public const string Lock = "lock";

        /// <summary>How many spin locks the sleeping call keeps held.</summary>
        public const string KeptLocks = "keptLocks";

        /// <summary>LD0001: the held locks the order puts after the acquired one, as the code spells them, in the order taken, separated by <c>;</c>.</summary>
        public const string LaterLocks = "laterLocks";

        /// <summary>LD0018: the attributes that state the inferred contract, as source (<c>Acquires("_gate")</c>), separated by newlines.</summary>
        public const string Attributes = "attributes";
    }
}

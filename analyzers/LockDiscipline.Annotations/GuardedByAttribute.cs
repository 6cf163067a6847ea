using System;

namespace LockDiscipline
{
    /// <summary>Reads of the field or property need the lock held (shared or exclusive); writes need it held exclusively.</summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
    public sealed class GuardedByAttribute : Attribute
    {
        /// <summary>Names the guarding lock by lock expression.</summary>
        public GuardedByAttribute(string lockExpression) { Lock = lockExpression; }

        /// <summary>The lock expression.</summary>
        public string Lock { get; }
    }
}

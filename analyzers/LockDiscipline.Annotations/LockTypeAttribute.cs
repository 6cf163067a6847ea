using System;

namespace LockDiscipline
{
    /// <summary>
    /// Declares that instances of the class or struct are locks of the given kind. On members of a
    /// lock type, lock attributes with no lock expression refer to <c>this</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = true, AllowMultiple = false)]
    public sealed class LockTypeAttribute : Attribute
    {
        /// <summary>Declares the type a lock of <paramref name="kind"/>.</summary>
        public LockTypeAttribute(LockKind kind) { Kind = kind; }

        /// <summary>Spin (atomic context while held) or Blocking (acquiring might sleep).</summary>
        public LockKind Kind { get; }
    }
}

using System;

namespace LockDiscipline
{
    /// <summary>
    /// Declares, on a lock field or property, that this lock class is acquired before the lock class
    /// named by a type and one of its fields or properties. The declared order is transitive; taking an
    /// earlier lock while a later one is held is reported (LD0001), and a cycle is an error (LD0009).
    /// </summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
    public sealed class AcquiredBeforeAttribute : Attribute
    {
        /// <summary>This lock is taken before <paramref name="type"/>.<paramref name="member"/>.</summary>
        public AcquiredBeforeAttribute(Type type, string member) { Type = type; Member = member; }

        /// <summary>The type that declares the later lock.</summary>
        public Type Type { get; }

        /// <summary>The field or property that stores the later lock.</summary>
        public string Member { get; }
    }

    /// <summary>
    /// Declares, on a lock field or property, that this lock class is acquired after the lock class
    /// named by a type and one of its fields or properties. The mirror image of <see cref="AcquiredBeforeAttribute"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
    public sealed class AcquiredAfterAttribute : Attribute
    {
        /// <summary>This lock is taken after <paramref name="type"/>.<paramref name="member"/>.</summary>
        public AcquiredAfterAttribute(Type type, string member) { Type = type; Member = member; }

        /// <summary>The type that declares the earlier lock.</summary>
        public Type Type { get; }

        /// <summary>The field or property that stores the earlier lock.</summary>
        public string Member { get; }
    }
}

using System;

namespace LockDiscipline
{
    /// <summary>
    /// Base of the method contracts that name locks. Each lock expression is <c>this</c>, a parameter
    /// name, a field or property of the containing type, a dotted path from a parameter or <c>this</c>
    /// (<c>mapping.ISharedLock</c>), or a static <c>Type.Member</c>. With no expression, on a member of a
    /// <see cref="LockTypeAttribute"/> type, the lock is <c>this</c>. An expression that does not resolve
    /// is reported as LD0100.
    /// </summary>
    /// <remarks>The analyzers match the derived attributes by full name, not through this base class,
    /// so a project may declare its own copies of them.</remarks>
    public abstract class LockContractAttribute : Attribute
    {
        /// <summary>Names the locks by lock expression.</summary>
        protected LockContractAttribute(string[] locks) { Locks = locks ?? new string[0]; }

        /// <summary>The lock expressions.</summary>
        public string[] Locks { get; }
    }

    /// <summary>The method acquires the locks: they are held on return and were not held on entry.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = true, Inherited = true)]
    public sealed class AcquiresAttribute : LockContractAttribute
    {
        /// <summary>Names the acquired locks.</summary>
        public AcquiresAttribute(params string[] locks) : base(locks) { }
    }

    /// <summary>The method acquires the locks in shared (reader) mode.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = true, Inherited = true)]
    public sealed class AcquiresSharedAttribute : LockContractAttribute
    {
        /// <summary>Names the locks acquired shared.</summary>
        public AcquiresSharedAttribute(params string[] locks) : base(locks) { }
    }

    /// <summary>The method releases the locks: they are held on entry and not held on return.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = true, Inherited = true)]
    public sealed class ReleasesAttribute : LockContractAttribute
    {
        /// <summary>Names the released locks.</summary>
        public ReleasesAttribute(params string[] locks) : base(locks) { }
    }

    /// <summary>Callers must hold the locks; the body is analyzed as starting with them held.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = true, Inherited = true)]
    public sealed class RequiresAttribute : LockContractAttribute
    {
        /// <summary>Names the required locks.</summary>
        public RequiresAttribute(params string[] locks) : base(locks) { }
    }

    /// <summary>Callers must not hold the locks (the method takes them itself).</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = true, Inherited = true)]
    public sealed class ExcludesAttribute : LockContractAttribute
    {
        /// <summary>Names the excluded locks.</summary>
        public ExcludesAttribute(params string[] locks) : base(locks) { }
    }

    /// <summary>
    /// Callers hold the locks; the method may release and retake them, and if it sleeps it sleeps only
    /// while they are released (the kernel's <c>cond_resched_lock</c>). Values read under the locks
    /// before the call may be stale after it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = true, Inherited = true)]
    public sealed class MayDropAttribute : LockContractAttribute
    {
        /// <summary>Names the locks the method may drop.</summary>
        public MayDropAttribute(params string[] locks) : base(locks) { }
    }
}

namespace LockDiscipline
{
    /// <summary>The method releases locks that are held shared (reader mode).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
    public sealed class ReleasesSharedAttribute : LockContractAttribute
    {
        /// <summary>Names the released locks.</summary>
        public ReleasesSharedAttribute(params string[] locks) : base(locks) { }
    }

    /// <summary>
    /// The method acquires the locks knowing that another lock of the same lock class may already be
    /// held, in an order the caller guarantees (by address, parent before child): the kernel's
    /// <c>spin_lock_nested()</c>. LD0005 does not report it; taking the very same instance twice still is.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
    public sealed class AcquiresNestedAttribute : LockContractAttribute
    {
        /// <summary>Names the acquired locks.</summary>
        public AcquiresNestedAttribute(params string[] locks) : base(locks) { }
    }

    /// <summary>
    /// A guard type (Clang's <c>SCOPED_CAPABILITY</c>): a constructor marked <c>[Acquires(...)]</c> takes the
    /// lock, and <c>Dispose()</c> releases whatever the constructor took, so <c>using (new Guard(l)) { … }</c>
    /// holds <c>l</c> exactly for the block. Disposing twice releases once.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
    public sealed class ScopedLockAttribute : Attribute
    {
    }

    /// <summary>
    /// The delegate passed to this parameter is invoked before the method returns, on the calling
    /// thread (<c>List&lt;T&gt;.ForEach</c>, a <c>WithLock(Action)</c> helper), so a lambda passed here is
    /// analyzed holding the caller's locks. Any other lambda starts holding none, since it may run
    /// anywhere, later.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = true)]
    public sealed class RunsImmediatelyAttribute : Attribute
    {
    }
}

namespace LockDiscipline
{
    /// <summary>
    /// Callers must hold the locks, shared (reader) or exclusive; the body starts holding them shared.
    /// Plain <see cref="RequiresAttribute"/> asks for them exclusive.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
    public sealed class RequiresSharedAttribute : LockContractAttribute
    {
        /// <summary>Names the locks required shared.</summary>
        public RequiresSharedAttribute(params string[] locks) : base(locks) { }
    }

    /// <summary>
    /// The method checks that the calling thread holds the locks (Clang's <c>ASSERT_CAPABILITY</c>): after a
    /// <c>void</c> one returns they are held, as if by the caller; a <c>bool</c> one returns true exactly when
    /// they are held (<c>Monitor.IsEntered</c> is known).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
    public sealed class AssertsHeldAttribute : LockContractAttribute
    {
        /// <summary>Names the locks asserted held.</summary>
        public AssertsHeldAttribute(params string[] locks) : base(locks) { }
    }
}

using System;

namespace LockDiscipline
{
    /// <summary>
    /// On a return value (<c>[return: MaybeNullHandle]</c>) or an <c>out</c> parameter: the handle may be
    /// null and must be checked before it reaches a <see cref="NonNullHandleAttribute"/> parameter.
    /// A handle is a reference, a pointer, <c>nint</c>, a <c>Nullable&lt;T&gt;</c>, or a struct with a
    /// <c>bool IsNull</c> property.
    /// </summary>
    [AttributeUsage(AttributeTargets.ReturnValue | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
    public sealed class MaybeNullHandleAttribute : Attribute { }

    /// <summary>The argument must be known non-null: a maybe-null handle passed here unchecked is reported (LD0003).</summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
    public sealed class NonNullHandleAttribute : Attribute { }
}

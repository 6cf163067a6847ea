using System;

namespace LockDiscipline
{
    /// <summary>
    /// The method may block or sleep. Calling it while a spin lock is held is reported (LD0002),
    /// except for the locks the method also declares it drops (<see cref="MayDropAttribute"/>).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = false, Inherited = true)]
    public sealed class MightSleepAttribute : Attribute { }

    /// <summary>
    /// Asserts that the method never sleeps. The body is checked, and callers trust the assertion
    /// instead of inferring from the body.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = false, Inherited = true)]
    public sealed class NeverSleepsAttribute : Attribute { }

    /// <summary>The method's body is not analyzed. Its attributes still describe it to callers.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
    public sealed class NoLockAnalysisAttribute : Attribute { }
}

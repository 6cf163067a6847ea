using System;

namespace LockDiscipline
{
    /// <summary>
    /// The method tries to acquire the locks and returns a <c>bool</c>: the locks are held on return
    /// exactly when the result equals <see cref="Result"/>. A try-acquire cannot deadlock, so it may go
    /// against the declared order.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
    public sealed class TryAcquiresAttribute : Attribute
    {
        /// <summary>Declares a try-acquire that succeeds when the method returns <paramref name="result"/>.</summary>
        public TryAcquiresAttribute(bool result, params string[] locks) { Result = result; Locks = locks ?? new string[0]; }

        /// <summary>The return value that means "acquired".</summary>
        public bool Result { get; }

        /// <summary>The lock expressions.</summary>
        public string[] Locks { get; }
    }
}

using System;

namespace LockDiscipline.Reference.Kernel
{
    /// <summary>A lock-discipline violation seen at run time by <see cref="LockValidator"/>: the kernel's lockdep splat.</summary>
    public sealed class LockValidationException : Exception
    {
        public LockValidationException(string message)
            : base(message)
        {
        }
    }
}

using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// Operations compared by identity, for the per-body memo tables the fixpoint consults on every
    /// visit: a sealed comparer the JIT can call directly, rather than the default comparer's
    /// interface dispatch to <c>Equals</c>/<c>GetHashCode</c>.
    /// </summary>
    internal sealed class OperationIdentity : IEqualityComparer<IOperation>
    {
        public static readonly OperationIdentity Instance = new OperationIdentity();

        private OperationIdentity()
        {
        }

        public bool Equals(IOperation? x, IOperation? y) => ReferenceEquals(x, y);

        public int GetHashCode(IOperation obj) => RuntimeHelpers.GetHashCode(obj);
    }
}

using LockDiscipline.Analyzers.Annotations;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>The members of a <c>[ScopedLock]</c> guard type implement the guard: they take and release locks for their caller.</summary>
    internal static class ScopedLockTypes
    {
        public static bool Implements(ISymbol owner)
        {
            for (var type = owner.ContainingType; type is not null; type = type.ContainingType)
            {
                if (AttributeNames.Has(type, AttributeNames.ScopedLock))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>Decides whether a lock of a given static type is a spin lock or a blocking one.</summary>
    internal static class LockTypes
    {
        private static readonly object NotALock = new object();

        private static readonly Sites.PerTypeSymbol<object> Kinds = new Sites.PerTypeSymbol<object>(t => Compute(t) is { } kind ? kind : NotALock);

        /// <summary>The kind declared by <c>[LockType]</c> on the type or a base, or built in; null if neither. Cached per type symbol.</summary>
        public static LockKind? DeclaredKind(ITypeSymbol? type)
        {
            if (type is null)
            {
                return null;
            }

            var kind = Kinds.Get(type);
            return kind == NotALock ? null : (LockKind)kind;
        }

        private static LockKind? Compute(ITypeSymbol? type)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                foreach (var attribute in t.GetAttributes())
                {
                    if (AttributeNames.Is(attribute, AttributeNames.LockType)
                        && attribute.ConstructorArguments.Length == 1
                        && attribute.ConstructorArguments[0].Value is int kind)
                    {
                        return kind == 0 ? LockKind.Spin : LockKind.Blocking;
                    }
                }

                if (IsSystemThreading(t, "SpinLock"))
                {
                    return LockKind.Spin;
                }
            }

            return null;
        }

        /// <summary>The kind of a lock whose type is <paramref name="type"/>: anything not declared Spin blocks.</summary>
        public static LockKind KindOf(ITypeSymbol? type) => DeclaredKind(type) ?? LockKind.Blocking;

        public static bool IsLockType(ITypeSymbol? type) => DeclaredKind(type) is not null;

        /// <summary>
        /// A counting semaphore: released by one thread and waited on by another as often as it guards a
        /// critical section, so an unmatched wait or release is not a bug (no LD0004, LD0006).
        /// </summary>
        public static bool IsCounting(ITypeSymbol? type) => IsSystemThreading(type, "SemaphoreSlim") || IsSystemThreading(type, "Semaphore");

        public static bool IsSystemThreading(ITypeSymbol? type, string name) =>
            type is not null && type.Name == name
            && type.ContainingNamespace is { Name: "Threading" } ns
            && ns.ContainingNamespace is { Name: "System" } sys
            && sys.ContainingNamespace is { IsGlobalNamespace: true };
    }

    /// <summary>Mirror of <c>LockDiscipline.LockKind</c>, which the analyzers do not reference.</summary>
    internal enum LockKind
    {
        Spin = 0,
        Blocking = 1,
    }
}

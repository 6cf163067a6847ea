using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>
    /// The annotation attributes, matched by namespace and name rather than by assembly, so that a
    /// project may declare them itself instead of referencing LockDiscipline.Annotations.
    /// </summary>
    internal static class AttributeNames
    {
        public const string Namespace = "LockDiscipline";

        /// <summary>How source spells an attribute class: <c>AcquiresAttribute</c> → <c>Acquires</c>.</summary>
        public static string Spelled(string attributeClass) =>
            attributeClass.EndsWith("Attribute", System.StringComparison.Ordinal) ? attributeClass.Substring(0, attributeClass.Length - "Attribute".Length) : attributeClass;

        public const string LockType = "LockTypeAttribute";
        public const string AcquiredBefore = "AcquiredBeforeAttribute";
        public const string AcquiredAfter = "AcquiredAfterAttribute";
        public const string Acquires = "AcquiresAttribute";
        public const string AcquiresShared = "AcquiresSharedAttribute";
        public const string Releases = "ReleasesAttribute";
        public const string TryAcquires = "TryAcquiresAttribute";
        public const string Requires = "RequiresAttribute";
        public const string Excludes = "ExcludesAttribute";
        public const string MightSleep = "MightSleepAttribute";
        public const string MayDrop = "MayDropAttribute";
        public const string NeverSleeps = "NeverSleepsAttribute";
        public const string GuardedBy = "GuardedByAttribute";
        public const string NoLockAnalysis = "NoLockAnalysisAttribute";
        public const string MaybeNullHandle = "MaybeNullHandleAttribute";
        public const string NonNullHandle = "NonNullHandleAttribute";
        public const string ReleasesShared = "ReleasesSharedAttribute";
        public const string AcquiresNested = "AcquiresNestedAttribute";
        public const string ScopedLock = "ScopedLockAttribute";
        public const string RunsImmediately = "RunsImmediatelyAttribute";
        public const string RequiresShared = "RequiresSharedAttribute";
        public const string AssertsHeld = "AssertsHeldAttribute";

        /// <summary>The method attributes whose arguments are lock expressions (for <see cref="TryAcquires"/>, after its <c>bool</c>).</summary>
        public static readonly System.Collections.Immutable.ImmutableHashSet<string> LockLists = System.Collections.Immutable.ImmutableHashSet.Create(
            Acquires, AcquiresShared, AcquiresNested, Releases, ReleasesShared, TryAcquires,
            Requires, RequiresShared, Excludes, MayDrop, AssertsHeld);

        /// <summary>Where a lock-list attribute's lock expressions start among its constructor arguments.</summary>
        public static int FirstLockArgument(string name) => name == TryAcquires ? 1 : 0;

        /// <summary>True when <paramref name="attribute"/> is <c>LockDiscipline.<paramref name="name"/></c>.</summary>
        public static bool Is(AttributeData attribute, string name)
        {
            var type = attribute.AttributeClass;
            return type is not null
                && type.Name == name
                && type.ContainingNamespace is { Name: Namespace } ns
                && ns.ContainingNamespace is { IsGlobalNamespace: true };
        }

        /// <summary>True when the symbol carries <c>LockDiscipline.<paramref name="name"/></c>.</summary>
        public static bool Has(ISymbol symbol, string name)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (Is(attribute, name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the symbol carries <c>System.Diagnostics.CodeAnalysis.<paramref name="name"/></c>.</summary>
        public static bool HasSystem(ISymbol symbol, string name, out AttributeData? found)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: var n } c && n == name
                    && c.ContainingNamespace?.ToDisplayString() == "System.Diagnostics.CodeAnalysis")
                {
                    found = attribute;
                    return true;
                }
            }

            found = null;
            return false;
        }
    }
}

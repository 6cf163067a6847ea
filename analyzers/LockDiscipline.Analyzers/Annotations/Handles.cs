using System.Linq;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>What counts as a handle (SPEC §3): a reference, a pointer, <c>nint</c>, a <c>Nullable&lt;T&gt;</c>,
    /// or a struct with a <c>bool IsNull</c> property, whose <c>default</c> is the null handle.</summary>
    internal static class Handles
    {
        public static bool IsHandleType(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (type.IsReferenceType || type.TypeKind == TypeKind.Pointer || type.SpecialType == SpecialType.System_IntPtr
                || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                return true;
            }

            return type.IsValueType && HasIsNullProperty(type);
        }

        public static bool HasIsNullProperty(ITypeSymbol type) =>
            type.GetMembers("IsNull").OfType<IPropertySymbol>().Any(p => !p.IsStatic && p.Type.SpecialType == SpecialType.System_Boolean);

        /// <summary>True for a property read that tests a handle: <c>h.IsNull</c> (true means null) or <c>n.HasValue</c> (true means non-null).</summary>
        public static bool IsNullTest(IPropertySymbol property, out bool trueMeansNull)
        {
            trueMeansNull = property.Name == "IsNull";
            if (property.Type.SpecialType != SpecialType.System_Boolean || property.IsStatic)
            {
                return false;
            }

            return property.Name == "IsNull"
                || (property.Name == "HasValue" && property.ContainingType.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T);
        }
    }
}

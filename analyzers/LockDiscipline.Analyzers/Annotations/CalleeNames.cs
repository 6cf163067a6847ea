using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>How messages name a called method: <c>'CondResched()'</c>, a property by its name, a built-in by its .NET name.</summary>
    internal static class CalleeNames
    {
        public static string Describe(IMethodSymbol method, MethodContract? contract = null) =>
            "'" + (contract?.BuiltInName ?? (method.MethodKind == MethodKind.PropertyGet ? method.AssociatedSymbol?.Name : method.Name + "()")) + "'";
    }
}

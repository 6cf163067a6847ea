using System.Linq;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.LockExpressions
{
    /// <summary>
    /// Resolves a lock expression string from an attribute (<c>"mapping.ISharedLock"</c>) against the
    /// annotated member, into a <see cref="LockPath"/> in the member's own terms.
    /// </summary>
    internal static class LockExpressionParser
    {
        /// <summary>Resolves <paramref name="text"/>; on failure returns null and says why.</summary>
        public static LockPath? Resolve(string? text, ISymbol annotated, out string? error)
        {
            error = null;
            var containingType = annotated as INamedTypeSymbol ?? annotated.ContainingType;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "the lock expression is empty";
                return null;
            }

            var segments = text!.Split('.').Select(s => s.Trim()).ToArray();
            if (segments.Any(s => s.Length == 0))
            {
                error = $"'{text}' is not a dotted member path";
                return null;
            }

            var (path, used) = ResolveRoot(segments, annotated, containingType);
            if (path is null)
            {
                error = $"'{segments[0]}' is not 'this', a parameter, a field or property of '{containingType?.Name}', or a type";
                return null;
            }

            for (var i = used; i < segments.Length; i++)
            {
                var member = FindMember(path.Type, segments[i], wantStatic: false);
                if (member is null)
                {
                    error = $"'{path.Type?.Name ?? "?"}' has no field or property '{segments[i]}'";
                    return null;
                }

                path = path.Append(member);
            }

            return path;
        }

        private static (LockPath? Path, int Used) ResolveRoot(string[] segments, ISymbol annotated, INamedTypeSymbol? containingType)
        {
            var first = segments[0];
            if (first == "this")
            {
                return (LockPath.ForThis(containingType), 1);
            }

            if (annotated is IMethodSymbol method)
            {
                var parameter = method.Parameters.FirstOrDefault(p => p.Name == first);
                if (parameter is not null)
                {
                    return (LockPath.ForParameter(parameter), 1);
                }
            }

            var member = FindMember(containingType, first, wantStatic: null);
            if (member is not null)
            {
                return member.IsStatic
                    ? (LockPath.ForStatic(member), 1)
                    : (LockPath.ForThis(containingType).Append(member), 1);
            }

            // Type.Member, where Type is a simple name visible from the annotated member, or a
            // namespace-qualified name: try the longest prefix that names a type.
            for (var typeSegments = segments.Length - 1; typeSegments >= 1; typeSegments--)
            {
                var type = FindType(segments, typeSegments, containingType);
                if (type is null)
                {
                    continue;
                }

                var staticMember = FindMember(type, segments[typeSegments], wantStatic: true);
                if (staticMember is not null)
                {
                    return (LockPath.ForStatic(staticMember), typeSegments + 1);
                }
            }

            return (null, 0);
        }

        private static INamedTypeSymbol? FindType(string[] segments, int count, INamedTypeSymbol? from)
        {
            if (count == 1)
            {
                for (var t = from; t is not null; t = t.ContainingType)
                {
                    if (t.Name == segments[0])
                    {
                        return t;
                    }

                    var nested = t.GetTypeMembers(segments[0]).FirstOrDefault();
                    if (nested is not null)
                    {
                        return nested;
                    }
                }

                for (var ns = from?.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
                {
                    var found = ns.GetTypeMembers(segments[0]).FirstOrDefault();
                    if (found is not null)
                    {
                        return found;
                    }
                }

                return null;
            }

            // Walk namespaces from the global one.
            INamespaceOrTypeSymbol? current = from?.ContainingModule?.GlobalNamespace ?? from?.ContainingAssembly?.GlobalNamespace;
            for (var i = 0; i < count && current is not null; i++)
            {
                current = (INamespaceOrTypeSymbol?)current.GetMembers(segments[i]).OfType<INamespaceOrTypeSymbol>().FirstOrDefault();
            }

            return current as INamedTypeSymbol;
        }

        /// <summary>A field or property named <paramref name="name"/> on the type or its bases.</summary>
        public static ISymbol? FindMember(ITypeSymbol? type, string name, bool? wantStatic)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                foreach (var m in t.GetMembers(name))
                {
                    if (m is IFieldSymbol or IPropertySymbol && (wantStatic is null || m.IsStatic == wantStatic))
                    {
                        return m;
                    }
                }
            }

            return null;
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Summaries
{
    internal sealed partial class GuardInference
    {
        /// <summary>
        /// The search for an accessor's callers: the uses of its property that run it. A named property's uses are
        /// found by its name, as a method's calls are; an indexer has no name, so its uses are the element accesses in
        /// the only code that may make them: its type, for a private accessor, and the types derived from it, for a
        /// protected one (where a protected member can be reached at all). An indexer the whole assembly may use is
        /// not searched.
        /// </summary>
        private sealed partial class EndOfCompilation
        {
            private IEnumerable<Use>? AccessorUses(IMethodSymbol accessor)
            {
                if (accessor.AssociatedSymbol is not IPropertySymbol property)
                {
                    return null;
                }

                var runs = accessor.MethodKind == MethodKind.PropertySet ? Accessors.Set : Accessors.Get;

                // The accessor, those it overrides, and the interface accessors they implement; and their properties,
                // which is what a use binds to.
                var targets = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                for (var m = accessor; m is not null && targets.Add(m.OriginalDefinition); m = m.OverriddenMethod)
                {
                }

                foreach (var face in accessor.ContainingType.AllInterfaces)
                {
                    foreach (var member in face.GetMembers().OfType<IMethodSymbol>())
                    {
                        if (member.MethodKind == accessor.MethodKind
                            && accessor.ContainingType.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation
                            && targets.Contains(implementation.OriginalDefinition))
                        {
                            targets.Add(member.OriginalDefinition);
                        }
                    }
                }

                var properties = new HashSet<ISymbol>(targets.OfType<IMethodSymbol>().Select(m => m.AssociatedSymbol!.OriginalDefinition), SymbolEqualityComparer.Default);
                if (property.IsIndexer)
                {
                    return ElementAccessesIn(accessor) is { } scopes ? IndexerUses(scopes, properties, runs, targets) : null;
                }

                return NamedPropertyUses(property, properties, runs, targets);
            }

            private IEnumerable<Use> NamedPropertyUses(IPropertySymbol property, HashSet<ISymbol> properties, Accessors runs, HashSet<ISymbol> targets)
            {
                var within = targets.Count == 1 && property.DeclaredAccessibility == Accessibility.Private ? property.ContainingType : null;
                foreach (var (name, tree) in NamesSpelled(property.Name, within))
                {
                    var (reference, receiver) = name.Parent switch
                    {
                        MemberAccessExpressionSyntax access when access.Name == name => ((ExpressionSyntax)access, access.Expression),
                        MemberBindingExpressionSyntax binding => (binding, binding), // x?.P: on another object
                        // new T { P = … } or x with { P = … }: on the object being made. A nested initializer (Inner = { P = … })
                        // sets P on the object Inner already is: another object, not a new one.
                        AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax initializer } assignment when assignment.Left == name =>
                            (name, initializer.Parent is BaseObjectCreationExpressionSyntax or WithExpressionSyntax ? initializer : (ExpressionSyntax)assignment),
                        // o is { P: 1 }: read from the pattern's subject, not from this.
                        NameColonSyntax or ExpressionColonSyntax => (name, (ExpressionSyntax)name),
                        _ => (name, null),
                    };
                    if ((AccessorCalls.RunBy(reference) & runs) == 0 || InNameOf(name) || Bound(name, tree) is not { } bound || !properties.Contains(bound))
                    {
                        continue;
                    }

                    yield return new Use(reference, receiver, tree, targets);
                }
            }

            private IEnumerable<Use> IndexerUses(List<(SyntaxNode Scope, SyntaxTree Tree)> scopes, HashSet<ISymbol> properties, Accessors runs, HashSet<ISymbol> targets)
            {
                var seen = new HashSet<SyntaxNode>();
                foreach (var (scope, tree) in scopes)
                {
                    foreach (var node in scope.DescendantNodes())
                    {
                        var (reference, receiver) = node switch
                        {
                            ElementAccessExpressionSyntax access => (access, access.Expression),
                            ElementBindingExpressionSyntax binding => ((ExpressionSyntax)binding, (ExpressionSyntax)binding), // x?[i]: on another object
                            _ => (null, null),
                        };
                        if (reference is null || !seen.Add(reference) || (AccessorCalls.RunBy(reference) & runs) == 0
                            || Bound(reference, tree) is not { } indexer || !properties.Contains(indexer))
                        {
                            continue;
                        }

                        yield return new Use(reference, receiver, tree, targets);
                    }
                }
            }

            /// <summary>
            /// Where an indexer's accessor may be used: the declarations of its outermost type, and for a protected one
            /// those of the types that derive from its type; null for one any code of the assembly may use.
            /// </summary>
            private List<(SyntaxNode Scope, SyntaxTree Tree)>? ElementAccessesIn(IMethodSymbol accessor)
            {
                var type = accessor.ContainingType;
                var outermost = type;
                while (outermost.ContainingType is { } outer)
                {
                    outermost = outer;
                }

                var scopes = outermost.DeclaringSyntaxReferences.Select(r => (r.GetSyntax(_cancellationToken), r.SyntaxTree)).ToList();
                switch (accessor.DeclaredAccessibility)
                {
                    case Accessibility.Private:
                        return scopes;
                    case Accessibility.Protected or Accessibility.ProtectedAndInternal:
                        scopes.AddRange(DeclarationsDerivingFrom(type));
                        return scopes;
                    default:
                        return null;
                }
            }

            /// <summary>The declarations, anywhere in the compilation, of types derived from <paramref name="type"/>; found once a type (a getter's and a setter's searches share them).</summary>
            private List<(SyntaxNode, SyntaxTree)> DeclarationsDerivingFrom(INamedTypeSymbol type)
            {
                if (!_derived.TryGetValue(type, out var found))
                {
                    _derived[type] = found = FindDeclarationsDerivingFrom(type).ToList();
                }

                return found;
            }

            private readonly Dictionary<INamedTypeSymbol, List<(SyntaxNode, SyntaxTree)>> _derived =
                new Dictionary<INamedTypeSymbol, List<(SyntaxNode, SyntaxTree)>>(SymbolEqualityComparer.Default);

            private IEnumerable<(SyntaxNode, SyntaxTree)> FindDeclarationsDerivingFrom(INamedTypeSymbol type)
            {
                foreach (var tree in _compilation.SyntaxTrees)
                {
                    var root = tree.GetRoot(_cancellationToken);
                    foreach (var declaration in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                        .OfType<TypeDeclarationSyntax>())
                    {
                        if (declaration.BaseList is not null
                            && ModelOf(tree).GetDeclaredSymbol(declaration, _cancellationToken) is { } declared
                            && DerivesFrom(declared, type))
                        {
                            yield return (declaration, tree);
                        }
                    }
                }
            }

            private static bool DerivesFrom(INamedTypeSymbol candidate, INamedTypeSymbol type)
            {
                for (var t = candidate.BaseType; t is not null; t = t.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, type.OriginalDefinition))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool InNameOf(SyntaxNode name) =>
                name.Ancestors().OfType<InvocationExpressionSyntax>().FirstOrDefault() is { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } };
        }
    }
}

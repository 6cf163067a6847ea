using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>
    /// A syntactic look at whether a source symbol's declarations carry any attribute list (on itself,
    /// its return, its parameters or accessors). Asking a symbol for its attributes binds them, on the
    /// analyzer's thread and ahead of the compiler; for the great majority of members, which carry
    /// none, this answers without binding anything.
    /// </summary>
    internal static class DeclaredAttributes
    {
        /// <summary>False only when every declaration of <paramref name="symbol"/> is in source and shows no attribute list.</summary>
        public static bool MayHave(ISymbol symbol)
        {
            var references = symbol.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return true; // metadata, or synthesized (a backing field): only its attributes can tell
            }

            foreach (var reference in references)
            {
                var node = reference.GetSyntax();
                var declaration = node is VariableDeclaratorSyntax ? node.Parent?.Parent : node;
                if (declaration is null)
                {
                    return true;
                }

                if (HasAttributeList(declaration))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The usual declarations are read through their typed lists, which build no node the check does not
        /// need; anything else (a record's parameter, a delegate, an enum member) is walked.
        /// Both give the walk's answer: attribute lists anywhere in the declaration but its bodies,
        /// initializers, types and base list.
        /// </summary>
        private static bool HasAttributeList(SyntaxNode node) => node switch
        {
            MethodDeclarationSyntax method => method.AttributeLists.Count > 0
                || OnAnyTypeParameter(method.TypeParameterList) || OnAnyParameter(method.ParameterList),
            ConstructorDeclarationSyntax constructor => constructor.AttributeLists.Count > 0 || OnAnyParameter(constructor.ParameterList)
                || (constructor.Initializer is { } initializer && Walk(initializer)), // a lambda's own attributes in its arguments count, as for the walk
            BaseMethodDeclarationSyntax other => other.AttributeLists.Count > 0 || OnAnyParameter(other.ParameterList), // a destructor, an operator
            BaseFieldDeclarationSyntax field => field.AttributeLists.Count > 0 || (HasBracketedSize(field.Declaration) && Walk(field)),
            BasePropertyDeclarationSyntax property => property.AttributeLists.Count > 0 || OnAnyAccessor(property.AccessorList)
                || (property is IndexerDeclarationSyntax indexer && OnAnyParameter(indexer.ParameterList)),
            AccessorDeclarationSyntax accessor => accessor.AttributeLists.Count > 0,
            _ => Walk(node),
        };

        private static bool OnAnyTypeParameter(TypeParameterListSyntax? list)
        {
            if (list is not null)
            {
                foreach (var parameter in list.Parameters)
                {
                    if (parameter.AttributeLists.Count > 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a parameter of <paramref name="list"/> carries an attribute list: a loop over the list's own
        /// enumerator, which <c>Any()</c> would box, for every member of every file. Shared by the pre-filter's
        /// syntactic looks.
        /// </summary>
        public static bool OnAnyParameter(BaseParameterListSyntax? list)
        {
            if (list is not null)
            {
                foreach (var parameter in list.Parameters)
                {
                    if (parameter.AttributeLists.Count > 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Whether an accessor of <paramref name="list"/> carries an attribute list.</summary>
        public static bool OnAnyAccessor(AccessorListSyntax? list)
        {
            if (list is not null)
            {
                foreach (var accessor in list.Accessors)
                {
                    if (accessor.AttributeLists.Count > 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A fixed-size buffer's <c>[n]</c>: expressions the walk reads.</summary>
        private static bool HasBracketedSize(VariableDeclarationSyntax declaration)
        {
            foreach (var variable in declaration.Variables)
            {
                if (variable.ArgumentList is not null)
                {
                    return true;
                }
            }

            return false;
        }

        // A recursive walk over the child list's struct enumerator, for the declarations read no other way.
        private static bool Walk(SyntaxNode node)
        {
            if (node is AttributeListSyntax)
            {
                return true;
            }

            if (!DescendIntoDeclaration(node))
            {
                return false;
            }

            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.AsNode() is { } childNode && Walk(childNode))
                {
                    return true;
                }
            }

            return false;
        }

        // Bodies and initializers hold no attribute of the declaration (a lambda's would be its own).
        private static bool DescendIntoDeclaration(SyntaxNode node) =>
            node is not BlockSyntax and not ArrowExpressionClauseSyntax and not EqualsValueClauseSyntax
                and not TypeSyntax and not BaseListSyntax;
    }
}

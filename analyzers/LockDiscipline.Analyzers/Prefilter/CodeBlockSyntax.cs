using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// What of a code block the driver hands a code-block action is executable, and which node to ask
    /// for its operations: a method, accessor, constructor (primary ones included), operator or
    /// expression-bodied getter is asked as a whole; a field or property only for its initializer
    /// (a field declaration is the code block of each of its variables). Parameter default values,
    /// constants by definition, are left out.
    /// </summary>
    internal static class CodeBlockSyntax
    {
        /// <summary>The node whose operation is the root of the block's control-flow graph, or null if it has none.</summary>
        public static SyntaxNode? GraphRoot(SyntaxNode codeBlock, ISymbol owner) => codeBlock switch
        {
            BaseFieldDeclarationSyntax field => InitializerOf(field, owner),
            PropertyDeclarationSyntax property => property.Initializer,
            BasePropertyDeclarationSyntax => null,
            EnumMemberDeclarationSyntax or ParameterSyntax or DelegateDeclarationSyntax => null,
            _ => codeBlock,
        };

        /// <summary>The parts of the block that run: where the pre-filter looks.</summary>
        public static IEnumerable<SyntaxNode> ExecutableParts(SyntaxNode root)
        {
            switch (root)
            {
                case BaseMethodDeclarationSyntax method:
                    if (method is ConstructorDeclarationSyntax { Initializer: { } initializer })
                    {
                        yield return initializer;
                    }

                    if (method.Body is not null)
                    {
                        yield return method.Body;
                    }

                    if (method.ExpressionBody is not null)
                    {
                        yield return method.ExpressionBody;
                    }

                    break;
                case AccessorDeclarationSyntax accessor:
                    if (accessor.Body is not null)
                    {
                        yield return accessor.Body;
                    }

                    if (accessor.ExpressionBody is not null)
                    {
                        yield return accessor.ExpressionBody;
                    }

                    break;
                case TypeDeclarationSyntax type:
                    // A primary constructor: its only code of its own is the base-constructor call.
                    foreach (var baseType in type.BaseList?.Types ?? default)
                    {
                        if (baseType is PrimaryConstructorBaseTypeSyntax)
                        {
                            yield return baseType;
                        }
                    }

                    break;
                case CompilationUnitSyntax unit:
                    foreach (var member in unit.Members)
                    {
                        if (member is GlobalStatementSyntax)
                        {
                            yield return member;
                        }
                    }

                    break;
                default:
                    yield return root; // an arrow clause, an initializer
                    break;
            }
        }

        private static SyntaxNode? InitializerOf(BaseFieldDeclarationSyntax field, ISymbol owner)
        {
            foreach (var variable in field.Declaration.Variables)
            {
                if (variable.Identifier.ValueText == owner.Name)
                {
                    return variable.Initializer;
                }
            }

            return null;
        }
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>
    /// A project's own assert: a method of source that begins by throwing when its <c>bool</c> parameter is false
    /// (<c>static void That(bool c) { if (!c) throw …; }</c>), possibly only while a switch is on
    /// (<c>if (Enabled &amp;&amp; !c) throw …;</c>). A call to it states the condition, as a call to <c>Debug.Assert</c>
    /// does, which .NET declares <c>[DoesNotReturnIf(false)]</c> although a release build checks nothing: so is this
    /// read. Syntax only, read once per method with the rest of its written contract.
    /// </summary>
    internal static class AssertionMethods
    {
        /// <summary>The ordinal of the parameter <paramref name="method"/> asserts, or -1 if it is no such assert.</summary>
        public static int AssertedParameter(IMethodSymbol method)
        {
            if (!method.ReturnsVoid || method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsOverride
                || method.DeclaringSyntaxReferences.Length != 1 || !HasPlainBoolParameter(method))
            {
                return -1;
            }

            var body = method.DeclaringSyntaxReferences[0].GetSyntax() switch
            {
                BaseMethodDeclarationSyntax m => m.Body,
                LocalFunctionStatementSyntax f => f.Body,
                _ => null,
            };
            if (body is not { Statements.Count: > 0 } || body.Statements[0] is not IfStatementSyntax { Else: null } check || !Throws(check.Statement)
                || FailsOnFalse(check.Condition) is not { } name)
            {
                return -1;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == name && parameter.RefKind == RefKind.None && parameter.Type.SpecialType == SpecialType.System_Boolean)
                {
                    return parameter.Ordinal;
                }
            }

            return -1;
        }

        private static bool HasPlainBoolParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.None && parameter.Type.SpecialType == SpecialType.System_Boolean)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Throws(StatementSyntax statement) =>
            statement is ThrowStatementSyntax { Expression: not null }
            || statement is BlockSyntax { Statements.Count: 1 } block && block.Statements[0] is ThrowStatementSyntax { Expression: not null };

        /// <summary>
        /// The name <c>c</c> when the condition is <c>!c</c>, or a conjunction one of whose parts is (a switch beside it
        /// only decides whether the check runs); null otherwise: <c>!c || x</c> also throws when <c>c</c> holds.
        /// </summary>
        private static string? FailsOnFalse(ExpressionSyntax condition)
        {
            switch (condition)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return FailsOnFalse(parenthesized.Expression);
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: IdentifierNameSyntax name }:
                    return name.Identifier.ValueText;
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } and:
                    return FailsOnFalse(and.Right) ?? FailsOnFalse(and.Left);
                default:
                    return null;
            }
        }
    }
}

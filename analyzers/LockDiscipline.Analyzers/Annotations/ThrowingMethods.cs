using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>
    /// What a method of source says by its syntax alone that it throws. A throw helper (<c>static void Throw() =&gt; throw new …;</c>) never returns, as if <c>[DoesNotReturn]</c>.
    /// A project's own assert: a method of source that begins by throwing when its <c>bool</c> parameter is false
    /// (<c>static void That(bool c) { if (!c) throw …; }</c>), possibly only while a switch is on
    /// (<c>if (Enabled &amp;&amp; !c) throw …;</c>). A call to it states the condition, as a call to <c>Debug.Assert</c>
    /// does, which .NET declares <c>[DoesNotReturnIf(false)]</c> although a release build checks nothing: so is this
    /// read. Syntax only, read once per method with the rest of its written contract.
    /// </summary>
    internal static class ThrowingMethods
    {
        /// <summary>A method of source whose whole body is one <c>throw</c>; not a virtual one, which an override may replace by a return.</summary>
        public static bool ThrowsOnly(IMethodSymbol method)
        {
            if (method.DeclaringSyntaxReferences.Length != 1 || method.IsAbstract || method.IsVirtual || method.IsOverride)
            {
                return false;
            }

            var (body, expression) = method.DeclaringSyntaxReferences[0].GetSyntax() switch
            {
                BaseMethodDeclarationSyntax m => (m.Body, m.ExpressionBody),
                LocalFunctionStatementSyntax f => (f.Body, f.ExpressionBody),
                _ => (null, null),
            };
            return expression?.Expression is ThrowExpressionSyntax
                || body is { Statements.Count: 1 } && body.Statements[0] is ThrowStatementSyntax { Expression: not null };
        }

        /// <summary>The ordinal of the parameter <paramref name="method"/> asserts, or -1 if it is no such assert.</summary>
        public static int AssertedParameter(IMethodSymbol method)
        {
            // Virtual: an override may return where this body throws.
            if (!method.ReturnsVoid || method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsVirtual || method.IsOverride
                || method.DeclaringSyntaxReferences.Length != 1 || !HasPlainBoolParameter(method)
                || method.DeclaringSyntaxReferences[0].GetSyntax() is not BaseMethodDeclarationSyntax { Body: { Statements.Count: > 0 } body }
                || body.Statements[0] is not IfStatementSyntax { Else: null } check || !Throws(check.Statement))
            {
                return -1;
            }

            // !c alone, or beside parts that read no parameter (a switch: `Enabled && !c`); `!ok && !quiet` is no assert of either.
            var asserted = -1;
            foreach (var part in Conjuncts(check.Condition))
            {
                if (part is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: IdentifierNameSyntax name }
                    && PlainBool(method, name.Identifier.ValueText) is { } parameter && asserted < 0)
                {
                    asserted = parameter.Ordinal;
                }
                else if (part.DescendantNodesAndSelf().Any(node => node is IdentifierNameSyntax id && method.Parameters.Any(p => p.Name == id.Identifier.ValueText)))
                {
                    return -1;
                }
            }

            return asserted;
        }

        private static IParameterSymbol? PlainBool(IMethodSymbol method, string name) =>
            method.Parameters.FirstOrDefault(p => p.Name == name && p.RefKind == RefKind.None && p.Type.SpecialType == SpecialType.System_Boolean);

        private static IEnumerable<ExpressionSyntax> Conjuncts(ExpressionSyntax condition)
        {
            while (condition is ParenthesizedExpressionSyntax parenthesized)
            {
                condition = parenthesized.Expression;
            }

            if (condition is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } and)
            {
                return Conjuncts(and.Left).Concat(Conjuncts(and.Right));
            }

            return new[] { condition };
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

        /// <summary><c>throw x;</c>, alone or as the one statement of a block.</summary>
        private static bool Throws(StatementSyntax statement) =>
            statement is ThrowStatementSyntax { Expression: not null }
            || statement is BlockSyntax { Statements.Count: 1 } block && block.Statements[0] is ThrowStatementSyntax { Expression: not null };
    }
}

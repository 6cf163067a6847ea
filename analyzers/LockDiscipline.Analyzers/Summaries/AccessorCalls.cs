using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>Which accessors a use of a property or indexer runs.</summary>
    [System.Flags]
    internal enum Accessors
    {
        None = 0,
        Get = 1,
        Set = 2,
    }

    /// <summary>
    /// A property's or an indexer's accessors are called where the property is used: the getter where it is read, the
    /// setter where it is assigned, both where it is changed in place (<c>+=</c>, <c>++</c>, <c>??=</c>). LD0013's search
    /// for a helper's callers reads accessor bodies' callers from here, from the bound operations while the flow runs
    /// and from the syntax when the compilation ends.
    /// </summary>
    internal static class AccessorCalls
    {
        /// <summary>The accessors the use <paramref name="reference"/> runs.</summary>
        public static Accessors RunBy(IPropertyReferenceOperation reference) => reference.Parent switch
        {
            ISimpleAssignmentOperation assignment when assignment.Target == reference => Accessors.Set,
            ICompoundAssignmentOperation or ICoalesceAssignmentOperation or IIncrementOrDecrementOperation => Accessors.Get | Accessors.Set,
            ITupleOperation { Parent: IDeconstructionAssignmentOperation } => Accessors.Set,
            _ => Accessors.Get,
        };

        /// <summary>The accessors the use written <paramref name="reference"/> (a name, a member access or an element access) runs.</summary>
        public static Accessors RunBy(ExpressionSyntax reference)
        {
            switch (reference.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == reference:
                    return assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) ? Accessors.Set : Accessors.Get | Accessors.Set;
                case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax when MemberAccesses.IsIncrementOrDecrement(reference.Parent):
                    return Accessors.Get | Accessors.Set;
                case ArgumentSyntax { Parent: TupleExpressionSyntax tuple } when IsDeconstructionTarget(tuple):
                    return Accessors.Set;
                default:
                    return Accessors.Get;
            }
        }

        /// <summary>
        /// The accessors with bodies (of the compilation's properties and indexers) that the use <paramref name="reference"/>
        /// runs, added to <paramref name="found"/> (a compound assignment's twice): the calls a helper search may follow.
        /// </summary>
        public static void AddCalls(IPropertyReferenceOperation reference, ref List<(IPropertyReferenceOperation, IMethodSymbol)>? found)
        {
            var runs = RunBy(reference);
            Add(reference, (runs & Accessors.Get) != 0 ? reference.Property.GetMethod : null, ref found);
            Add(reference, (runs & Accessors.Set) != 0 ? reference.Property.SetMethod : null, ref found);
        }

        private static void Add(IPropertyReferenceOperation reference, IMethodSymbol? accessor, ref List<(IPropertyReferenceOperation, IMethodSymbol)>? found)
        {
            if (accessor?.OriginalDefinition is { } definition && HasBody(definition))
            {
                (found ??= new List<(IPropertyReferenceOperation, IMethodSymbol)>()).Add((reference, definition));
            }
        }

        /// <summary>An accessor written with a body in source (not an auto-property's, not metadata's).</summary>
        public static bool HasBody(IMethodSymbol accessor)
        {
            foreach (var reference in accessor.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax())
                {
                    case AccessorDeclarationSyntax declaration when declaration.Body is not null || declaration.ExpressionBody is not null:
                    case ArrowExpressionClauseSyntax:
                        return true;
                }
            }

            return false;
        }

        private static bool IsDeconstructionTarget(TupleExpressionSyntax tuple)
        {
            SyntaxNode node = tuple;
            while (node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax outer })
            {
                node = outer;
            }

            return node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node;
        }
    }
}

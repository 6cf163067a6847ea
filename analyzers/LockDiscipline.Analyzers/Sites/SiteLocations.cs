using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Sites
{
    /// <summary>Where to put a squiggle for an operation.</summary>
    internal static class SiteLocations
    {
        /// <summary>The operation's syntax, widened to the whole <c>x?.M()</c> when the call is the non-null part
        /// of a conditional access (whose own syntax is only <c>.M()</c>).</summary>
        public static Location Of(IOperation operation) => Of(operation.Syntax);

        /// <summary>The same, for an operation's syntax.</summary>
        public static Location Of(SyntaxNode node)
        {
            while (node.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == node)
            {
                node = access;
            }

            return node.GetLocation();
        }
    }
}

using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0015: a second lock of the same lock class (the same field of another instance) taken while the
    /// first is held, with nothing to order the two, unless it is taken with <c>[AcquiresNested]</c>
    /// (lockdep's <c>spin_lock_nested</c>), or ordered by comparing a key of the two just before. The same
    /// instance again is LD0005's.
    /// </summary>
    internal sealed class LD0015SameClassNestedRule : FlowRule
    {
        /// <summary>
        /// The standard way to nest two instances of one class: order them by a key first. Either the
        /// nested acquisitions stand under a test comparing the two (<c>if (a.Id &lt; b.Id) { lock (a.G) lock (b.G) }
        /// else { … }</c>), or the two are named by a deconstruction chosen by such a test
        /// (<c>var (first, second) = a.Id &lt; b.Id ? (a, b) : (b, a);</c>).
        /// </summary>
        private static bool OrderedByKey(SyntaxNode site, HeldLock held, HeldLock acquired)
        {
            var roots = new[] { held.Path.RootName, acquired.Path.RootName };
            for (var node = site.Parent; node is not null && node is not MemberDeclarationSyntax; node = node.Parent)
            {
                if (node is IfStatementSyntax branch && ComparesKeysOf(branch.Condition, roots))
                {
                    return true;
                }
            }

            return acquired.Path.Root is ILocalSymbol local && held.Path.Root is ILocalSymbol other
                && ChosenTogetherByComparison(local, other);
        }

        private static bool ComparesKeysOf(ExpressionSyntax condition, string[] roots)
        {
            if (!IsOrdering(condition))
            {
                return false;
            }

            var names = condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText).ToImmutableHashSet();
            return roots.All(names.Contains);
        }

        /// <summary>A relational comparison or a CompareTo/Compare call: something that puts two keys in order.</summary>
        private static bool IsOrdering(ExpressionSyntax condition) =>
            condition.DescendantNodesAndSelf().Any(n =>
                n.IsKind(SyntaxKind.LessThanExpression) || n.IsKind(SyntaxKind.GreaterThanExpression)
                || n.IsKind(SyntaxKind.LessThanOrEqualExpression) || n.IsKind(SyntaxKind.GreaterThanOrEqualExpression)
                || n is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompareTo" or "Compare" } });

        private static bool ChosenTogetherByComparison(ILocalSymbol first, ILocalSymbol second)
        {
            var a = Deconstruction(first);
            return a is not null && a == Deconstruction(second)
                && a.Right is ConditionalExpressionSyntax choice
                && IsOrdering(choice.Condition);
        }

        private static AssignmentExpressionSyntax? Deconstruction(ILocalSymbol local) =>
            local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax().Ancestors().OfType<AssignmentExpressionSyntax>().FirstOrDefault();

        public LD0015SameClassNestedRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        protected override void On(Acquired e)
        {
            var (before, acquired, site) = e;
            if (before.Find(acquired.Path) is not null || acquired.Nested || acquired.Class.Symbol is ITypeSymbol && !acquired.Class.IsSelfLockingType)
            {
                return;
            }

            foreach (var held in before.DefinitelyHeld)
            {
                // Held since this very acquisition on an earlier iteration: lock coupling (hand-over-hand) takes the
                // instances in the order of the sequence it walks, the order the coupling protocol relies on.
                if (held.Class.Equals(acquired.Class) && !held.Path.Equals(acquired.Path) && !OrderedByKey(site.Syntax, held, acquired)
                    && !held.AcquiredAt.Equals(acquired.AcquiredAt))
                {
                    Diagnostics.Report(Descriptors.SameClassAcquire, SiteLocations.Of(site), new[] { held.AcquiredAt }, acquired.Name, held.Name, held.Line, acquired.Class.ToString());
                    return;
                }
            }
        }
    }
}

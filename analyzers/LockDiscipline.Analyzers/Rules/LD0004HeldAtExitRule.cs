using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0004: a path reaches the end of a body still holding a lock it did not hold on entry, and the
    /// body does not declare that it acquires it (<c>[Acquires]</c>, <c>[AcquiresShared]</c>, <c>[TryAcquires]</c>).
    /// Reported at the acquisition, where the fix (a try/finally, a release on the early return) goes.
    /// </summary>
    internal sealed class LD0004HeldAtExitRule : FlowRule
    {
        private readonly ContractReader _contracts;

        public LD0004HeldAtExitRule(DiagnosticCollector diagnostics, ContractReader contracts)
            : base(diagnostics)
        {
            _contracts = contracts;
        }

        protected override void On(BodyExit e)
        {
            var (owner, atExit, atEntry, returns, thrown) = e;
            if (ScopedLockTypes.Implements(owner))
            {
                return;
            }

            var contract = owner is IMethodSymbol method ? _contracts.Effective(method) : MethodContract.None;
            foreach (var held in atExit.Locks)
            {
                if (held.IsMaybe || held.Uncorrelated || held.FromContract || atEntry.Find(held.Path) is not null || !held.AcquiredAt.IsInSource
                    || contract.Acquires.Concat(contract.AcquiresShared).Concat(contract.TryAcquires).Any(p => p.Equals(held.Path))
                    || GuardHandedOver(held.AcquiredAt))
                {
                    continue;
                }

                Diagnostics.Report(Descriptors.HeldAtExit, held.AcquiredAt, null, held.Name, held.Line, Describe(owner), HowItLeaves(held, returns, thrown));
            }
        }

        /// <summary>
        /// A lock taken by making a guard (<c>new ReadToken(rw)</c>, a <c>[ScopedLock]</c> type or one inferred so) that the
        /// body hands over rather than keeps: returned (<c>=&gt; new ReadToken(rw)</c>), stored in a field or element, or
        /// passed on. Whoever gets the guard disposes it; it is not this body's to release.
        /// </summary>
        private static bool GuardHandedOver(Location acquiredAt)
        {
            if (acquiredAt.SourceTree?.GetRoot().FindNode(acquiredAt.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
            {
                return false;
            }

            SyntaxNode node = creation;
            while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or ConditionalExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression })
            {
                node = node.Parent;
            }

            return node.Parent switch
            {
                ReturnStatementSyntax or ArrowExpressionClauseSyntax or YieldStatementSyntax or ArgumentSyntax => true,
                AssignmentExpressionSyntax assignment when assignment.Right == node => assignment.Left is not IdentifierNameSyntax name || !DeclaresLocal(creation, name.Identifier.ValueText),
                _ => false,
            };
        }

        /// <summary>Whether the body around <paramref name="node"/> declares a local or parameter named <paramref name="name"/> (else the name is a field's).</summary>
        private static bool DeclaresLocal(SyntaxNode node, string name)
        {
            var body = node.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            return body is not null && body.DescendantNodes().Any(d => d is VariableDeclaratorSyntax v && v.Identifier.ValueText == name
                || d is ParameterSyntax p && p.Identifier.ValueText == name || d is SingleVariableDesignationSyntax s && s.Identifier.ValueText == name);
        }

        /// <summary>
        /// How the body leaves with the lock held: "returns" when every path that returns holds it (the release is
        /// missing altogether), "returns on some path" when only some do (an early exit skips it), "throws" when only
        /// an exception leaves with it (a release that no <c>finally</c> protects). The first exit that holds a lock
        /// reports it, and returns come before exceptions, so one message covers them all.
        /// </summary>
        private static string HowItLeaves(HeldLock held, ImmutableArray<PathState> returns, bool thrown)
        {
            var holding = 0;
            foreach (var path in returns.IsDefault ? ImmutableArray<PathState>.Empty : returns)
            {
                if (path.Find(held.Path) is { IsMaybe: false })
                {
                    holding++;
                }
            }

            return thrown && holding == 0 ? "throws"
                : holding == returns.Length ? "returns"
                : "returns on some path";
        }

        private static string Describe(ISymbol owner) => owner is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction }
            ? "the lambda"
            : "'" + owner.Name + "()'";
    }
}

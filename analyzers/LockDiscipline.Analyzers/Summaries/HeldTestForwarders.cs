using System.Collections.Immutable;
using System.Threading;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Prefilter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// A method or property of source whose whole body returns a test of whether the calling thread holds a lock
    /// (<c>static bool IsEntered(object o) =&gt; Monitor.IsEntered(o);</c>, <c>bool HeldByMe =&gt; Monitor.IsEntered(_gate);</c>)
    /// is that test, of the same lock as its caller names it: <c>if (slot.HeldByMe) slot.Unlock();</c> and
    /// <c>Check.That(Gate.IsEntered(_owner))</c> read as the built-in would. The screen is syntactic (<see cref="HeldTestScreen"/>);
    /// the inference binds only the returned expression.
    /// </summary>
    internal static class HeldTestForwarders
    {
        /// <summary>The expression <paramref name="method"/> returns, if its whole body returns a held test (<see cref="HeldTestScreen"/>); null otherwise.</summary>
        public static ExpressionSyntax? ReturnedTest(IMethodSymbol method) =>
            method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet && !method.IsAbstract && !method.IsExtern
            && method.ReturnType.SpecialType == SpecialType.System_Boolean && method.DeclaringSyntaxReferences.Length == 1
                ? HeldTestScreen.ReturnedTest(method.DeclaringSyntaxReferences[0].GetSyntax())
                : null;

        /// <summary>The held test's contract with its lock named as the forwarder's callers name it; null if it names none they can.</summary>
        public static MethodContract? Infer(AnalysisServices services, ExpressionSyntax test)
        {
            var operation = services.ModelOf(test.SyntaxTree).GetOperation(test, CancellationToken.None);
            var (callee, instance, arguments) = operation switch
            {
                IInvocationOperation call => (call.TargetMethod, call.Instance, call.Arguments),
                IPropertyReferenceOperation { Property.GetMethod: { } getter } property => (getter, property.Instance, property.Arguments),
                _ => (null, null, ImmutableArray<IArgumentOperation>.Empty),
            };
            if (callee is null)
            {
                return null;
            }

            var contract = services.ContractOf(callee, instance?.Type, arguments, ImmutableHashSet<string>.Empty);
            if (contract.AssertsHeld.IsEmpty)
            {
                return null;
            }

            var substitution = new CallSubstitution(OperationPathResolver.WithoutGraph(), instance, arguments);
            var paths = ImmutableArray.CreateBuilder<LockPath>(contract.AssertsHeld.Length);
            foreach (var asserted in contract.AssertsHeld)
            {
                if (substitution.Apply(asserted) is not { IsRootedInSignature: true } path)
                {
                    return null; // a lock of the forwarder's own locals: no caller can name it
                }

                paths.Add(path);
            }

            return new MethodContract { AssertsHeld = paths.MoveToImmutable(), KindOverride = contract.KindOverride, Inferred = true };
        }
    }
}

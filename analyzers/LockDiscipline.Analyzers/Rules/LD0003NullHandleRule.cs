using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>LD0003: a value that may be a null handle on some path reaches a <c>[NonNullHandle]</c> parameter.</summary>
    internal sealed class LD0003NullHandleRule : FlowRule
    {
        public LD0003NullHandleRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        public override void OnHandleArgument(PathState before, IArgumentOperation argument, IMethodSymbol callee, AbstractValue value)
        {
            if (value.MayBeNull)
            {
                Diagnostics.Report(Descriptors.NullHandle, argument.Value.Syntax.GetLocation(), null,
                    argument.Value.Syntax.ToString(), TransferFunctions.Describe(callee), argument.Parameter?.Name ?? "?");
            }
        }
    }
}

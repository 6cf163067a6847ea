using LockDiscipline.Analyzers.Annotations;
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

        protected override void On(HandleArgument e)
        {
            var (before, argument, callee, value) = e;
            if (value.MayBeNull)
            {
                Diagnostics.Report(Descriptors.NullHandle, argument.Value.Syntax.GetLocation(), null,
                    argument.Value.Syntax.ToString(), CalleeNames.Describe(callee), argument.Parameter?.Name ?? "?");
            }
        }
    }
}

using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0011: a variable holding a value read under a lock (a <c>[GuardedBy]</c> member, the result of a
    /// <c>[Requires]</c> method) is used after a call that <c>[MayDrop]</c>s that lock, without being read again.
    /// </summary>
    internal sealed class LD0011StaleValueRule : FlowRule
    {
        /// <summary>The lock as the code spells it where it was taken back (<c>mm.PageTableLock</c>), else its resolved path.</summary>
        private static string Spelled(PathState before, AbstractValue value) =>
            value.ReadUnder is null ? "?" : before.Find(value.ReadUnder)?.Name ?? value.ReadUnder.ToString();

        public LD0011StaleValueRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        protected override void On(StaleUse e)
        {
            var (before, site, variable, value) = e;
            var drop = value.StaleAfter!;
            var callee = drop switch
            {
                IInvocationOperation invocation => CalleeNames.Describe(invocation.TargetMethod),
                _ => "'" + drop.Syntax + "'",
            };
            Diagnostics.Report(Descriptors.StaleValue, site.Syntax.GetLocation(), new[] { SiteLocations.Of(drop) },
                variable, Spelled(before, value), callee, drop.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
        }
    }
}

using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>LD0012: a call to a method that <c>[Excludes]</c> a lock the path holds.</summary>
    internal sealed class LD0012ExcludedHeldRule : FlowRule
    {
        public LD0012ExcludedHeldRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        protected override void On(Called e)
        {
            var (before, site, callee, contract, substitution) = e;
            foreach (var excluded in contract.Excludes)
            {
                if (substitution.Apply(excluded) is { } path && before.Find(path) is { IsMaybe: false } held)
                {
                    Diagnostics.Report(Descriptors.ExcludedHeld, SiteLocations.Of(site), new[] { held.AcquiredAt },
                        CalleeNames.Describe(callee, contract), held.Name, held.Line);
                    return;
                }
            }
        }
    }
}

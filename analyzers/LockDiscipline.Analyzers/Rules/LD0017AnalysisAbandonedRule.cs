using LockDiscipline.Analyzers.Flow;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>LD0017: a body whose analysis reached its bound and was given up, so that "clean" and "not analyzed" differ.</summary>
    internal sealed class LD0017AnalysisAbandonedRule : FlowRule
    {
        public LD0017AnalysisAbandonedRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        protected override void On(AnalysisAbandoned e)
        {
            var (owner, reason) = e;
            var location = owner.Locations.Length > 0 ? owner.Locations[0] : Location.None;
            Diagnostics.Report(Descriptors.AnalysisAbandoned, location, null, owner.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), reason);
        }
    }
}

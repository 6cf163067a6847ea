using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0015: a second lock of the same lock class (the same field of another instance) taken while the
    /// first is held, with nothing to order the two, unless it is taken with <c>[AcquiresNested]</c>
    /// (lockdep's <c>spin_lock_nested</c>). The same instance again is LD0005's.
    /// </summary>
    internal sealed class LD0015SameClassNestedRule : FlowRule
    {
        public LD0015SameClassNestedRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        protected override void On(Acquired e)
        {
            var (before, acquired, site) = e;
            if (before.Find(acquired.Path) is not null || acquired.Nested || acquired.Class.Symbol is ITypeSymbol)
            {
                return;
            }

            foreach (var held in before.DefinitelyHeld)
            {
                if (held.Class.Equals(acquired.Class) && !held.Path.Equals(acquired.Path))
                {
                    Diagnostics.Report(Descriptors.SameClassAcquire, SiteLocations.Of(site), new[] { held.AcquiredAt }, acquired.Name, held.Name, held.Line, acquired.Class.ToString());
                    return;
                }
            }
        }
    }
}

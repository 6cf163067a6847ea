using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0008: a call to a method that <c>[Requires]</c> a lock (exclusive) or <c>[RequiresShared]</c> it (either
    /// mode) on a path that does not hold it so; a read of a <c>[GuardedBy]</c> member without its lock; a
    /// write without it held exclusive. (<c>[MayDrop]</c> callees are not checked here: an unannotated
    /// wrapper that passes its parameter's lock on is inferred to <c>[MayDrop]</c> it, SPEC §3.)
    /// </summary>
    internal sealed class LD0008RequirementNotHeldRule : FlowRule
    {
        public LD0008RequirementNotHeldRule(DiagnosticCollector diagnostics)
            : base(diagnostics)
        {
        }

        protected override void On(Called e)
        {
            var (before, site, callee, contract, substitution) = e;
            foreach (var (paths, attribute) in new[] { (contract.Requires, "Requires"), (contract.RequiresShared, "RequiresShared") })
            {
                foreach (var required in paths)
                {
                    if (substitution.Apply(required) is not { } path)
                    {
                        continue;
                    }

                    // A lock held on some merged paths only (maybe) is LD0007's, not a missing lock.
                    var held = before.Find(path);
                    if (held is null)
                    {
                        Diagnostics.Report(Descriptors.RequirementNotHeld, SiteLocations.Of(site), null,
                            $"{CalleeNames.Describe(callee, contract)} needs '{path}' held ([{attribute}(\"{required}\")]), and it is not held here");
                        return;
                    }

                    if (attribute == "Requires" && held is { Shared: true, IsMaybe: false })
                    {
                        Diagnostics.Report(Descriptors.RequirementNotHeld, SiteLocations.Of(site), new[] { held.AcquiredAt },
                            $"{CalleeNames.Describe(callee, contract)} needs '{path}' held exclusive ([Requires(\"{required}\")]); it is held for reading only (taken at line {held.Line})");
                        return;
                    }
                }
            }
        }

        protected override void On(GuardedAccess e)
        {
            var (before, site, member, guard, write) = e;
            var held = before.Find(guard);
            if (held is null)
            {
                Diagnostics.Report(Descriptors.RequirementNotHeld, site.Syntax.GetLocation(), null,
                    $"{(write ? "Writing" : "Reading")} '{member.Name}' needs '{guard}' held ([GuardedBy]), and it is not held here");
            }
            else if (write && held.Shared && !held.IsMaybe)
            {
                Diagnostics.Report(Descriptors.RequirementNotHeld, site.Syntax.GetLocation(), new[] { held.AcquiredAt },
                    $"Writing '{member.Name}' needs '{guard}' held exclusive ([GuardedBy]); it is held for reading only (taken at line {held.Line})");
            }
        }
    }
}

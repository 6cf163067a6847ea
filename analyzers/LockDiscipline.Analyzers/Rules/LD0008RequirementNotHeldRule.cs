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
    /// write without it held exclusive. A method annotated <c>[MayDrop]</c> releases and retakes its locks, so
    /// its callers must hold them too — except an unannotated wrapper that passes on a lock of its own
    /// parameters or <c>this</c>: its drop is inferred (SPEC §3), and its own callers are the ones that hold it.
    /// </summary>
    internal sealed class LD0008RequirementNotHeldRule : FlowRule
    {
        private readonly bool _ownerIsInferred;

        /// <param name="ownerIsInferred">The analyzed method has no lock contract of its own, so a drop it passes on is inferred.</param>
        public LD0008RequirementNotHeldRule(DiagnosticCollector diagnostics, bool ownerIsInferred)
            : base(diagnostics)
        {
            _ownerIsInferred = ownerIsInferred;
        }

        protected override void On(Called e)
        {
            var (before, site, callee, contract, substitution) = e;
            foreach (var (paths, attribute) in new[] { (contract.Requires, "Requires"), (contract.RequiresShared, "RequiresShared"), (contract.MayDrop, "MayDrop") })
            {
                foreach (var required in paths)
                {
                    if (substitution.Apply(required) is not { } path)
                    {
                        continue;
                    }

                    // A lock held on some merged paths only (maybe) is LD0007's, not a missing lock.
                    var held = before.Find(path);
                    if (held is null && attribute == "MayDrop" && _ownerIsInferred && path.RootKind is LockRootKind.This or LockRootKind.Parameter)
                    {
                        continue;
                    }

                    if (held is null)
                    {
                        Diagnostics.Report(Descriptors.RequirementNotHeld, SiteLocations.Of(site), null,
                            CalleeNames.Describe(callee, contract), path.ToString(), $"{attribute}(\"{required}\")");
                        return;
                    }

                    if (attribute == "Requires" && held is { Shared: true, IsMaybe: false })
                    {
                        Diagnostics.Report(Descriptors.RequirementHeldShared, SiteLocations.Of(site), new[] { held.AcquiredAt },
                            CalleeNames.Describe(callee, contract), path.ToString(), $"Requires(\"{required}\")", held.Line);
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
                    $"{(write ? "Writing" : "Reading")} '{member.Name}'", guard.ToString(), "GuardedBy");
            }
            else if (write && held.Shared && !held.IsMaybe)
            {
                Diagnostics.Report(Descriptors.RequirementHeldShared, site.Syntax.GetLocation(), new[] { held.AcquiredAt },
                    $"Writing '{member.Name}'", guard.ToString(), "GuardedBy", held.Line);
            }
        }
    }
}

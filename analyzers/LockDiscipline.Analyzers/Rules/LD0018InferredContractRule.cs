using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0018 (hidden): an unannotated method whose lock contract was inferred from its body (a lock
    /// wrapper). It shows nothing in a build; in the editor it offers the fix that writes the attributes.
    /// Reported once, when the method's own body has been analyzed.
    /// </summary>
    internal sealed class LD0018InferredContractRule : FlowRule
    {
        private readonly ContractReader _contracts;
        private bool _reported;

        public LD0018InferredContractRule(DiagnosticCollector diagnostics, ContractReader contracts)
            : base(diagnostics)
        {
            _contracts = contracts;
        }

        protected override void On(BodyExit e)
        {
            if (_reported || e.Owner is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method || method.Locations.IsEmpty)
            {
                return;
            }

            _reported = true;
            var contract = _contracts.Effective(method);
            if (!contract.Inferred || contract.LockTakenParameter >= 0 || contract.ReleaseFlagParameter >= 0 || contract.ReleasesOnlyIfHeld)
            {
                // A helper keyed on the caller's `ref bool taken`, or one that releases only what is still held, has a
                // contract no attribute can state.
                return;
            }

            var attributes = Attributes(contract);
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyNames.Attributes, string.Join("\n", attributes));
            Diagnostics.Report(Descriptors.InferredContract, method.Locations[0], null, properties,
                method.Name + "()", Describe(contract), string.Join(", ", attributes.Select(a => "[" + a + "]")));
        }

        /// <summary>The attributes that state the contract, as source.</summary>
        public static IReadOnlyList<string> Attributes(MethodContract contract)
        {
            var list = new List<string>();
            Add(list, AttributeNames.Acquires, contract.Acquires);
            Add(list, AttributeNames.AcquiresShared, contract.AcquiresShared);
            if (!contract.TryAcquires.IsEmpty)
            {
                list.Add(AttributeNames.Spelled(AttributeNames.TryAcquires) + "(" + (contract.TryAcquiresResult ? "true" : "false") + ", "
                    + string.Join(", ", contract.TryAcquires.Select(Quote)) + ")");
            }

            Add(list, AttributeNames.Releases, contract.Releases);
            Add(list, AttributeNames.ReleasesShared, contract.ReleasesShared);
            Add(list, AttributeNames.Requires, contract.Requires);
            Add(list, AttributeNames.RequiresShared, contract.RequiresShared);
            Add(list, AttributeNames.MayDrop, contract.MayDrop);
            Add(list, AttributeNames.AssertsHeld, contract.AssertsHeld);
            return list;
        }

        private static string Describe(MethodContract contract)
        {
            var parts = new List<string>();
            if (!contract.Acquires.IsEmpty || !contract.AcquiresShared.IsEmpty)
            {
                parts.Add("returns holding " + Names(contract.Acquires.Concat(contract.AcquiresShared)));
            }

            if (!contract.TryAcquires.IsEmpty)
            {
                parts.Add("holds " + Names(contract.TryAcquires) + " when it returns " + (contract.TryAcquiresResult ? "true" : "false"));
            }

            if (!contract.Releases.IsEmpty || !contract.ReleasesShared.IsEmpty)
            {
                parts.Add("releases " + Names(contract.Releases.Concat(contract.ReleasesShared)) + ", which its caller holds");
            }

            if (!contract.Requires.IsEmpty || !contract.RequiresShared.IsEmpty)
            {
                parts.Add("needs its caller to hold " + Names(contract.Requires.Concat(contract.RequiresShared)));
            }

            if (!contract.MayDrop.IsEmpty)
            {
                parts.Add("lets go of " + Names(contract.MayDrop) + " for a while");
            }

            if (!contract.AssertsHeld.IsEmpty)
            {
                parts.Add("tells whether its caller holds " + Names(contract.AssertsHeld));
            }

            return string.Join(" and ", parts);
        }

        private static void Add(List<string> list, string attribute, ImmutableArray<LockPath> locks)
        {
            if (!locks.IsEmpty)
            {
                list.Add(AttributeNames.Spelled(attribute) + "(" + string.Join(", ", locks.Select(Quote)) + ")");
            }
        }

        private static string Names(IEnumerable<LockPath> locks) => string.Join(", ", locks.Select(l => "'" + l + "'"));

        private static string Quote(LockPath path) => "\"" + path + "\"";
    }
}

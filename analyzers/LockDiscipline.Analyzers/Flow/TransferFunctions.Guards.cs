using System.Collections.Immutable;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>Guarded data and stale values: reads and writes of [GuardedBy] members, the lock a value was read under, and the calls after which it may be stale (LD0008, LD0011).</summary>
    internal sealed partial class TransferFunctions
    {
        /// <summary>
        /// A local or parameter read. A value read under a lock that a call since may have dropped is
        /// reported (LD0011) once: the read makes it the code's own again.
        /// </summary>
        private Outcomes<AbstractValue> ReadVariable(IOperation operation, PathState state)
        {
            var key = Refiner.KeyOf(operation)!.Value;
            var value = state.ValueOf(key);
            if (value.StaleAfter is null)
            {
                return One(state, value);
            }

            if (operation is ILocalReferenceOperation { Local: var local })
            {
                Sink?.On(new StaleUse(state, operation, local.Name, value));
            }
            else if (operation is IParameterReferenceOperation { Parameter: var parameter })
            {
                Sink?.On(new StaleUse(state, operation, parameter.Name, value));
            }

            var fresh = value with { StaleAfter = null, ReadUnder = null };
            return One(state.WithValue(key, fresh), fresh);
        }

        /// <summary>The lock a <c>[GuardedBy]</c> member reference needs, resolved at this reference; null if none.</summary>
        private LockPath? GuardAt(IOperation reference)
        {
            if (_guardPaths.TryGetValue(reference, out var known))
            {
                return known;
            }

            var (member, instance) = reference switch
            {
                IFieldReferenceOperation f => ((ISymbol)f.Field, f.Instance),
                IPropertyReferenceOperation p => (p.Property, p.Instance),
                _ => (null, null),
            };
            LockPath? path = null;
            if (member is not null && _services.Contracts.GuardOf(member) is { } guard
                && !(_inConstructor && (instance is null || instance is IInstanceReferenceOperation)))
            {
                path = new CallSubstitution(_paths, instance, ImmutableArray<IArgumentOperation>.Empty).Apply(guard);
            }

            _guardPaths.Set(reference, path);
            return path;
        }

        /// <summary>Reports an access to a <c>[GuardedBy]</c> member on each path; a read's value remembers the lock it was read under.</summary>
        private Outcomes<AbstractValue> ReportGuarded(IOperation reference, Outcomes<AbstractValue> outcomes, bool write)
        {
            if (GuardAt(reference) is not { } guard)
            {
                return outcomes;
            }

            var member = reference is IFieldReferenceOperation f ? (ISymbol)f.Field : ((IPropertyReferenceOperation)reference).Property;
            var marked = default(Outcomes<AbstractValue>);
            for (var i = 0; i < outcomes.Count; i++)
            {
                var (s, v) = outcomes[i];
                Sink?.On(new GuardedAccess(s, reference, member, guard, write));
                marked.Add(s, write ? v : v with { ReadUnder = guard });
            }

            return marked;
        }

        /// <summary>An update of a guarded member (<c>x.Count += n</c>, <c>x.Count++</c>): its receiver and operand, and one write, not a read too.</summary>
        private Outcomes<AbstractValue> EvalGuardedUpdate(IOperation operation, IOperation target, PathState state)
        {
            var instance = (target as IFieldReferenceOperation)?.Instance ?? (target as IPropertyReferenceOperation)?.Instance;
            var current = instance is null ? One(state, AbstractValue.Unknown) : Eval(instance, state);
            if (operation is not ICompoundAssignmentOperation { Value: var value })
            {
                return current;
            }

            var next = default(Outcomes<AbstractValue>);
            for (var i = 0; i < current.Count; i++)
            {
                var outcomes = Eval(value, current[i].State);
                for (var k = 0; k < outcomes.Count; k++)
                {
                    next.Add(outcomes[k].State, AbstractValue.Unknown);
                }
            }

            return next;
        }

        /// <summary>After a call that may drop <paramref name="dropped"/>: every value read under it may be stale.</summary>
        private static PathState MarkStale(PathState s, LockPath dropped, IOperation site)
        {
            foreach (var pair in s.Values)
            {
                if (pair.Value.ReadUnder is { } under && under.Equals(dropped) && pair.Value.StaleAfter is null)
                {
                    s = s.WithValue(pair.Key, pair.Value with { StaleAfter = site });
                }
            }

            return s;
        }
    }
}

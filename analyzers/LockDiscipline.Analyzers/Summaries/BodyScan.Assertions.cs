using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Sites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// The scan's part in reading an assertion that the caller holds a lock as a precondition: which held tests are
    /// asserted where they run whenever the body gets that far, and which of the asserted locks the body never takes.
    /// </summary>
    internal sealed partial class BodyScan
    {
        /// <summary>
        /// The locks the body asserts its caller holds (<c>Debug.Assert(Monitor.IsEntered(_owner))</c>, through a project's own
        /// assert and held test too) and never takes itself: the flow starts holding them. An assertion states what is true
        /// whether or not it is checked, so a path that skips it (<c>if (checks) Debug.Assert(…)</c>) holds the lock as well,
        /// and so do the operations before it. Empty for nearly every body.
        /// </summary>
        public ImmutableArray<(LockPath Path, Location At)> AssertedOnEntry => _asserted is null ? ImmutableArray<(LockPath, Location)>.Empty : _assertedOnEntry ??= NotTakenHere(_asserted);

        private List<(LockPath Path, Location At)>? _asserted;
        private ImmutableArray<(LockPath, Location)>? _assertedOnEntry;

        /// <summary>
        /// A held test whose result is asserted as a precondition: a void one, or one passed to a <c>[DoesNotReturnIf(false)]</c>
        /// parameter, in a statement that runs whenever the body gets that far (<see cref="RunsAsAPrecondition"/>).
        /// </summary>
        private bool IsAssertion(IOperation site, IMethodSymbol method)
        {
            if (method.ReturnsVoid)
            {
                return RunsAsAPrecondition(site);
            }

            if (site.Parent is not IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation assertion })
            {
                return false;
            }

            foreach (var (ordinal, stopsOn) in _services.ContractOf(assertion.TargetMethod, assertion.Instance?.Type, assertion.Arguments, _extraSleepers).DoesNotReturnIf)
            {
                if (ordinal == parameter.Ordinal && !stopsOn)
                {
                    return RunsAsAPrecondition(assertion);
                }
            }

            return false;
        }

        /// <summary>
        /// The assertion's statement sits in blocks, the bodies of <c>lock</c>, <c>using</c> and <c>try</c>, and the branches
        /// of an <c>if</c> whose condition reads no parameter or local (a switch, <c>if (Checks.On)</c>): what it states holds
        /// on entry. Under a runtime condition (<c>if (locked)</c>), in a loop, a <c>catch</c> or a <c>finally</c>, it states
        /// something of that path only.
        /// </summary>
        private static bool RunsAsAPrecondition(IOperation assertion)
        {
            var child = assertion;
            for (var parent = assertion.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IExpressionStatementOperation:
                    case IBlockOperation:
                    case ILockOperation:
                    case IUsingOperation when child != ((IUsingOperation)parent).Resources:
                    case ITryOperation when child == ((ITryOperation)parent).Body:
                        continue;
                    case IConditionalOperation { IsRef: false } conditional when child != conditional.Condition && ReadsOnlyMembers(conditional.Condition):
                        continue;
                    case IMethodBodyBaseOperation:
                        return true;
                    default:
                        return false;
                }
            }

            return true;
        }

        private static bool ReadsOnlyMembers(IOperation condition)
        {
            foreach (var operation in condition.DescendantsAndSelf())
            {
                if (operation.Kind is OperationKind.ParameterReference or OperationKind.LocalReference or OperationKind.Invocation)
                {
                    return false;
                }
            }

            return true;
        }

        private void NoteAsserted(MethodContract contract, IOperation? instance, ImmutableArray<IArgumentOperation> arguments, IOperation site)
        {
            if (!SymbolEqualityComparer.Default.Equals(EnclosingFunction(site), _owner))
            {
                return; // a lambda's or local function's assertion is about its own callers
            }

            _plainPaths ??= OperationPathResolver.WithoutGraph();
            var substitution = new CallSubstitution(_plainPaths, instance, arguments);
            foreach (var asserted in contract.AssertsHeld)
            {
                if (substitution.Apply(asserted) is { IsRootedInSignature: true } path)
                {
                    (_asserted ??= new List<(LockPath, Location)>()).Add((path, SiteLocations.Of(site)));
                }
            }
        }

        /// <summary>
        /// The asserted locks the body takes nowhere (read again only for a body that asserts): an assertion inside its own
        /// <c>lock (x)</c> is about that. A lock the body takes that may be one of them lifts none: through a local that is
        /// assigned after its declaration, or one whose initializer names no path; through no path at all. The one exception
        /// is a member of a local of another lock class than every asserted one (<c>perThread._lock</c> beside
        /// <c>writer.fullFlushLock</c>): lock classes are how the analysis tells locks apart everywhere else.
        /// </summary>
        private ImmutableArray<(LockPath, Location)> NotTakenHere(List<(LockPath Path, Location At)> asserted)
        {
            var kept = new HashSet<LockPath>(asserted.Select(a => a.Path));
            _plainPaths ??= OperationPathResolver.WithoutGraph();
            var initializers = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
            var reassigned = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            var taken = new List<LockPath?>();
            foreach (var operation in _root!.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator:
                        initializers[declarator.Symbol] = value;
                        break;
                    case ILocalReferenceOperation { Local: var local } reference when IsWritten(reference):
                        reassigned.Add(local);
                        break;
                    case ILockOperation locked:
                        taken.Add(_plainPaths.PathOf(locked.LockedValue));
                        break;
                    case IInvocationOperation call:
                        AddTaken(taken, _services.ContractOf(call.TargetMethod, call.Instance?.Type, call.Arguments, _extraSleepers), call.Instance, call.Arguments);
                        break;
                    case IObjectCreationOperation { Constructor: { } constructor } creation:
                        AddTaken(taken, _services.Contracts.Effective(constructor), null, creation.Arguments);
                        break;
                }
            }

            foreach (var path in taken)
            {
                var named = path is { RootKind: LockRootKind.Local, Root: ILocalSymbol local } && !reassigned.Contains(local)
                    && initializers.TryGetValue(local, out var initial) && _plainPaths.PathOf(initial) is { IsRootedInSignature: true } source
                    ? source.AppendAll(path) // var g = _g; lock (g.Inner) → _g.Inner
                    : path;
                if (named is { IsRootedInSignature: true })
                {
                    kept.Remove(named);
                }
                else if (!(named is { LastMember: not null } && kept.All(k => !LockClass.CanClassify(k) || !LockClass.Of(named).Equals(LockClass.Of(k)))))
                {
                    return ImmutableArray<(LockPath, Location)>.Empty; // may be any of them
                }
            }

            return asserted.Where(a => kept.Remove(a.Path)).ToImmutableArray(); // each lock once, at its first assertion
        }

        /// <summary>The local is written here: assigned, incremented, passed by <c>ref</c> or <c>out</c>, or a deconstruction's target.</summary>
        private static bool IsWritten(ILocalReferenceOperation reference) => reference.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == reference,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            ITupleOperation => true,
            _ => false,
        };

        /// <summary>The locks a call takes, as this body names them (null where it names one by no path).</summary>
        private void AddTaken(List<LockPath?> taken, MethodContract contract, IOperation? instance, ImmutableArray<IArgumentOperation> arguments)
        {
            if (contract.Acquires.IsEmpty && contract.AcquiresShared.IsEmpty && contract.TryAcquires.IsEmpty)
            {
                return;
            }

            var substitution = new CallSubstitution(_plainPaths!, instance, arguments);
            foreach (var calleePath in contract.Acquires.Concat(contract.AcquiresShared).Concat(contract.TryAcquires))
            {
                taken.Add(substitution.Apply(calleePath));
            }
        }
    }
}

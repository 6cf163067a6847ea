using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Sites;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// The cheap pass over every body, before any control-flow graph is built: it answers "does this
    /// body touch a lock or a handle at all?" (if not, the flow analysis never runs) and collects the
    /// body's sleep sites for the compilation-wide inference. It walks the body's operations itself,
    /// once, rather than asking the driver for a callback per operation, which costs more than the
    /// walk.
    /// </summary>
    internal sealed class BodyScan
    {
        private readonly AnalysisServices _services;
        private readonly ISymbol _owner;
        private readonly ImmutableHashSet<string> _extraSleepers;
        private readonly Dictionary<IMethodSymbol, List<SleepSite>> _sites = new Dictionary<IMethodSymbol, List<SleepSite>>(SymbolEqualityComparer.Default);
        private OperationPathResolver? _plainPaths;
        private IOperation? _root;

        public BodyScan(AnalysisServices services, ISymbol owner, ImmutableHashSet<string> extraSleepers, bool ownContractTouchesLocks)
        {
            _services = services;
            _owner = owner;
            _extraSleepers = extraSleepers;
            TouchesLocks = ownContractTouchesLocks;
        }

        /// <summary>True once the body has shown anything the flow analysis could report on.</summary>
        public bool TouchesLocks { get; private set; }

        /// <summary>True when the body contains a lambda or anonymous method, whose graph is analyzed on its own.</summary>
        public bool HasLambdas { get; private set; }

        /// <summary>Visits every operation under <paramref name="root"/>.</summary>
        public void Walk(IOperation root)
        {
            _root = root;
            var stack = Sites.OperationStacks.Rent();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                Visit(operation);
                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            Sites.OperationStacks.Return(stack);
        }

        private void Visit(IOperation operation)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer.Value: { } initial } declarator when initial.Kind is OperationKind.ObjectCreation or OperationKind.Conversion:
                    FreshOrNew.Note(declarator);
                    break;
                case IInvocationOperation invocation:
                    VisitCall(invocation, invocation.TargetMethod, invocation.Instance, invocation.Arguments);
                    if (!invocation.IsImplicit && !invocation.TargetMethod.IsExtensionMethod && invocation.Syntax is InvocationExpressionSyntax)
                    {
                        (_targets ??= new List<(SyntaxNode, IMethodSymbol)>()).Add((invocation.Syntax, invocation.TargetMethod));
                    }

                    break;
                case IPropertyReferenceOperation { Property.GetMethod: { } getter } property:
                    VisitCall(property, getter, property.Instance, property.Arguments);
                    TouchesLocks |= _services.Contracts.GuardOf(property.Property) is not null;
                    break;
                case IPropertyReferenceOperation property:
                    TouchesLocks |= _services.Contracts.GuardOf(property.Property) is not null;
                    break;
                case IFieldReferenceOperation field:
                    TouchesLocks |= _services.Contracts.GuardOf(field.Field) is not null;
                    break;
                case IObjectCreationOperation { Constructor: { } constructor }:
                    // A [ScopedLock] guard's constructor, or one inferred a guard's (ContractInference.IsGuardConstructor).
                    TouchesLocks |= _services.Contracts.Effective(constructor).TouchesLocks;
                    break;
                case IAwaitOperation:
                    AddSite(operation, SleepSite.Sleeps(SiteLocations.Of(operation), "'await'", ImmutableArray<LockPath>.Empty));
                    break;
                case IAnonymousFunctionOperation:
                    HasLambdas = true;
                    break;
                case ILockOperation:
                    TouchesLocks = true;
                    AddSite(operation, SleepSite.Sleeps(SiteLocations.Of(operation), "'lock' (blocking)", ImmutableArray<LockPath>.Empty));
                    break;
            }
        }

        /// <summary>Hands the collected sleep sites to the inference and the calls to the call graph, under the function they belong to.</summary>
        public void Publish(SleepInference inference, CallGraph calls)
        {
            foreach (var (list, index, instance) in _receiversToClassify ?? Enumerable.Empty<(List<CallEdge>, int, IOperation?)>())
            {
                if (FreshOrNew.Classify(instance) is var receiver && receiver != CallReceiver.Other)
                {
                    list[index] = list[index] with { Receiver = receiver };
                }
            }

            foreach (var pair in _sites)
            {
                inference.RecordSites(pair.Key, pair.Value.ToImmutableArray());
            }

            foreach (var pair in _sourceCalls)
            {
                calls.Record(pair.Key, pair.Value);
            }

            if (_targets is not null)
            {
                calls.RecordTargets(_targets);
            }
        }

        /// <summary>The methods of the compilation the body calls (its lambdas' and local functions' calls included).</summary>
        public IEnumerable<IMethodSymbol> SourceCallees
        {
            get
            {
                foreach (var list in _sourceCalls.Values)
                {
                    foreach (var call in list)
                    {
                        yield return call.Callee;
                    }
                }
            }
        }

        // What each explicit call of the body binds to (extension methods aside, which a name binds in their reduced form).
        private List<(SyntaxNode Call, IMethodSymbol Target)>? _targets;

        // Calls to methods of the compilation, by calling function.
        private readonly Dictionary<IMethodSymbol, List<CallEdge>> _sourceCalls = new Dictionary<IMethodSymbol, List<CallEdge>>(SymbolEqualityComparer.Default);

        /// <summary>The objects this body makes and keeps to itself, known once the walk is done (read by LD0010's rule too); null when it makes none.</summary>
        public FreshObjects? Fresh { get; private set; }

        private FreshObjects FreshOrNew => Fresh ??= new FreshObjects(_services, _owner, _root!);

        // Calls whose receiver's kind is known only when the walk is done (a local may be handed out after the call).
        private List<(List<CallEdge> List, int Index, IOperation? Instance)>? _receiversToClassify;

        private void AddSourceCall(IOperation site, IMethodSymbol callee, IOperation? instance, ResolvedBinding? binding)
        {
            if (callee.DeclaringSyntaxReferences.Length == 0 || EnclosingFunction(site) is not { } function)
            {
                return;
            }

            if (!_sourceCalls.TryGetValue(function, out var list))
            {
                _sourceCalls[function] = list = new List<CallEdge>();
            }

            var receiver = CallReceiver.Other;
            if (FreshObjects.IsThis(instance))
            {
                receiver = CallReceiver.This;
            }
            else if (instance is not null && instance.Kind is OperationKind.LocalReference or OperationKind.ObjectCreation or OperationKind.Conversion)
            {
                (_receiversToClassify ??= new List<(List<CallEdge>, int, IOperation?)>()).Add((list, list.Count, instance));
            }

            list.Add(new CallEdge(callee.OriginalDefinition, SiteLocations.Of(site), binding, receiver));
        }

        private void VisitCall(IOperation site, IMethodSymbol method, IOperation? instance, ImmutableArray<IArgumentOperation> arguments)
        {
            var contract = _services.ContractOf(method, instance?.Type, arguments, _extraSleepers);
            if (contract.TouchesLocks || contract.TouchesHandles)
            {
                TouchesLocks = true;
            }

            if (!contract.AssertsHeld.IsEmpty && IsAssertion(site, method))
            {
                NoteAsserted(contract, instance, arguments, site);
            }

            if (contract.Sleep == SleepDeclaration.NeverSleeps)
            {
                AddSourceCall(site, method, instance, binding: null);
                return;
            }

            _plainPaths ??= OperationPathResolver.WithoutGraph();
            var substitution = new CallSubstitution(_plainPaths, instance, arguments);
            var sleeps = contract.Sleep == SleepDeclaration.MightSleep;
            var acquiresBlocking = !sleeps && AcquiresBlocking(contract, substitution);
            var inferred = !sleeps && !acquiresBlocking && _services.IsInferred(method, contract);
            AddSourceCall(site, method, instance, inferred ? ResolvedBinding.Resolve(substitution, method, _plainPaths, instance) : null);
            if (sleeps)
            {
                var drops = contract.MayDrop.Select(substitution.Apply).ToList();
                var description = CalleeNames.Describe(method, contract);
                AddSite(site, drops.Any(d => d is null)
                    ? SleepSite.Sleeps(SiteLocations.Of(site), description, ImmutableArray<LockPath>.Empty)
                    : SleepSite.Sleeps(SiteLocations.Of(site), description, drops.Select(d => d!).ToImmutableArray()));
            }
            else if (acquiresBlocking)
            {
                AddSite(site, SleepSite.Sleeps(SiteLocations.Of(site), CalleeNames.Describe(method, contract) + " (blocking acquire)", ImmutableArray<LockPath>.Empty));
            }
        }

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

        /// <summary>True when the call takes, exclusively or shared, a lock that blocks (a blocking acquire sleeps).</summary>
        private static bool AcquiresBlocking(MethodContract contract, CallSubstitution substitution)
        {
            foreach (var path in contract.Acquires)
            {
                if (IsBlocking(substitution.Apply(path), contract))
                {
                    return true;
                }
            }

            foreach (var path in contract.AcquiresShared)
            {
                if (IsBlocking(substitution.Apply(path), contract))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsBlocking(LockPath? path, MethodContract contract) =>
            (contract.KindOverride ?? LockTypes.KindOf(path?.Type)) == LockKind.Blocking;

        private void AddSite(IOperation operation, SleepSite site)
        {
            var function = EnclosingFunction(operation);
            if (function is null)
            {
                return;
            }

            if (!_sites.TryGetValue(function, out var list))
            {
                _sites[function] = list = new List<SleepSite>();
            }

            list.Add(site);
        }

        /// <summary>The method or local function whose call would run this operation; null inside a lambda,
        /// whose body runs when (and where) the delegate is invoked.</summary>
        private IMethodSymbol? EnclosingFunction(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation:
                        return null;
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol;
                }
            }

            return _owner as IMethodSymbol;
        }
    }
}

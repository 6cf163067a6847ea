using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.LockExpressions;
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
    internal sealed partial class BodyScan
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

using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Ordering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// What the analysis of every body in one compilation shares: contracts, the declared order (built
    /// on first need, so that a compilation without locks never pays for it), and the user's extra
    /// list of methods that might sleep.
    /// </summary>
    internal sealed class AnalysisServices
    {
        /// <summary>The <c>.editorconfig</c> key listing more methods that might sleep (full names, comma-separated).</summary>
        public const string MightSleepOptionKey = "lockdiscipline.might_sleep_methods";

        private readonly ConcurrentDictionary<string, ImmutableHashSet<string>> _sleepLists =
            new ConcurrentDictionary<string, ImmutableHashSet<string>>();

        private readonly ConcurrentDictionary<SyntaxTree, WeakReference<SemanticModel>> _driverModels =
            new ConcurrentDictionary<SyntaxTree, WeakReference<SemanticModel>>();

        public AnalysisServices(Compilation compilation)
        {
            Compilation = compilation;
            Contracts = new ContractReader();
        }

        public Compilation Compilation { get; }

        public ContractReader Contracts { get; }

        /// <summary>
        /// Keeps the driver's model of a tree the whole compilation was analyzed with, for <see cref="ModelOf"/>.
        /// The driver lets go of it when the tree is done, and the bodies it bound for the compilation's
        /// analyzers (for the SDK's, every body) would be bound again, in a model of our own, by whatever the
        /// compilation's end reads of them: callee scans, the search for a helper's callers, LD0013's cold sites.
        /// On NLog that second binding was 0.27 s of a 6.5 s compile.
        /// The model is held weakly, so that a long-lived process (the compiler server, an editor) may take back
        /// the files' bound bodies before the end when it collects its oldest generation. In a fresh compiler
        /// process every model was still alive at the end (NLog 409 of 409 files, the dense codebase 1,601 of
        /// 1,601); in a warm compiler server, 18–100 % were. A model that was collected is made again, so what
        /// the end concludes never depends on it.
        /// </summary>
        public void Remember(SemanticModel model) => _driverModels.TryAdd(model.SyntaxTree, new WeakReference<SemanticModel>(model));

        /// <summary>A model of <paramref name="tree"/>: the driver's, if <see cref="Remember"/> kept it and it is still alive, a new one otherwise.</summary>
        public SemanticModel ModelOf(SyntaxTree tree)
        {
            if (!_driverModels.TryGetValue(tree, out var kept))
            {
                return Compilation.GetSemanticModel(tree);
            }

            if (!kept.TryGetTarget(out var model))
            {
                // Collected: the new model takes its place, as weakly, so the end's next read of this file binds nothing twice.
                model = Compilation.GetSemanticModel(tree);
                kept.SetTarget(model);
            }

            return model;
        }

        /// <summary>The declared order, built on first need, so that a compilation without locks never pays for it.</summary>
        public LockOrder Order => _order ??= LockOrder.For(Compilation); // the shared table's lookup is asked at every acquire

        private LockOrder? _order;

        /// <summary>
        /// The contract of a call as made with <paramref name="arguments"/>: <see cref="ContractOf(IMethodSymbol, ITypeSymbol?, ImmutableHashSet{string})"/>,
        /// and a built-in try-acquire given an infinite timeout made the blocking acquire it is. The scan and the flow
        /// both read a call through this, so they agree on what it does.
        /// </summary>
        public MethodContract ContractOf(IMethodSymbol method, ITypeSymbol? receiverType, ImmutableArray<IArgumentOperation> arguments, ImmutableHashSet<string> extraSleepers)
        {
            var contract = ContractOf(method, receiverType, extraSleepers);
            return BuiltInContracts.WaitingForever(contract, arguments) ?? contract;
        }

        /// <summary>The contract of a call, with receiver-dependent built-ins and the user's sleep list applied.</summary>
        public MethodContract ContractOf(IMethodSymbol method, ITypeSymbol? receiverType, ImmutableHashSet<string> extraSleepers)
        {
            var contract = BuiltInContracts.ForReceiver(method, receiverType) ?? Contracts.Effective(method);
            if (contract == MethodContract.None && !extraSleepers.IsEmpty && extraSleepers.Contains(FullName(method)))
            {
                return new MethodContract { Sleep = SleepDeclaration.MightSleep, BuiltInName = method.ContainingType?.Name + "." + method.Name };
            }

            return contract;
        }

        /// <summary>True for a method of this compilation with a body whose sleeping is inferred.</summary>
        public bool IsInferred(IMethodSymbol method, MethodContract contract) =>
            contract.Sleep == SleepDeclaration.Unknown
            && !contract.NoLockAnalysis
            && !method.IsAbstract && !method.IsExtern
            && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly)
            && method.DeclaringSyntaxReferences.Length > 0;

        /// <summary>The user's list for one tree's options, parsed once per distinct text.</summary>
        public ImmutableHashSet<string> ExtraSleepers(string? optionText)
        {
            if (string.IsNullOrWhiteSpace(optionText))
            {
                return ImmutableHashSet<string>.Empty;
            }

            return _sleepLists.GetOrAdd(optionText!, text => text
                .Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Trim().Replace("()", ""))
                .ToImmutableHashSet(StringComparer.Ordinal));
        }

        /// <summary>Whether a <c>bool</c> field keeps the value its constructor gave it (<see cref="MemberWrites"/>), decided once a field.</summary>
        public bool IsConstructionFlag(IFieldSymbol field) =>
            field.Type.SpecialType == SpecialType.System_Boolean && _constructionFlags.GetOrAdd(field.OriginalDefinition, MemberWrites.IsFixedAfterConstruction);

        /// <summary>Whether a constructor of the compilation keeps the object it makes to itself (<see cref="Summaries.FreshObjects"/>), decided once a constructor.</summary>
        public bool ConstructorKeepsThis(IMethodSymbol constructor, Func<IMethodSymbol, bool> decide) => _constructorsKeepingThis.GetOrAdd(constructor, decide);

        private readonly ConcurrentDictionary<IMethodSymbol, bool> _constructorsKeepingThis = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        private readonly ConcurrentDictionary<IFieldSymbol, bool> _constructionFlags = new ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);

        public static string FullName(IMethodSymbol method) =>
            (method.ContainingType is null ? "" : method.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)) + ".") + method.Name;
    }
}

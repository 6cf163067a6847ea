using System;
using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// The simple names through which a body can touch lock discipline itself, for one compilation: the
    /// built-in locks and waits, its lock wrappers (<see cref="WrapperScreen"/>: the only place a method
    /// body is read here, its first tokens), its members and types that carry attributes (annotated methods,
    /// <c>[GuardedBy]</c> fields, <c>[ScopedLock]</c> guards, annotated constructors), and the annotated
    /// members of referenced assemblies that use the annotations. A call to an unannotated method of the
    /// compilation does not make a body lock-touching: what a caller holding a lock needs of it — does it
    /// sleep, which locks does it take — is worked out on demand when the compilation ends
    /// (<c>CallGraph</c>, <c>OnDemandScans</c>). Built from
    /// declarations and the wrapper screen's short read of method bodies — nothing is bound — once per syntax tree and per
    /// referenced assembly, and united once per compilation.
    /// </summary>
    internal sealed class LockRelevantNames
    {
        private readonly HashSet<string> _names;

        /// <summary>Stands among the names for "an annotated constructor exists" (no identifier can be spelled so).</summary>
        private const string AnnotatedConstructor = ".ctor";

        private LockRelevantNames(HashSet<string> names, bool indexersMatter)
        {
            _names = names;
            IndexersMatter = indexersMatter;
        }

        /// <summary>True when an indexer of the compilation has attributes: then <c>x[i]</c> may matter.</summary>
        public bool IndexersMatter { get; }

        /// <summary>
        /// True when a constructor of the compilation, or of a referenced assembly, carries annotations (a
        /// <c>[ScopedLock]</c> guard's <c>[Acquires]</c>): then <c>new(…)</c> and <c>: base(…)</c>, which do not
        /// spell the type, may matter.
        /// </summary>
        public bool ConstructorsMatter => _names.Contains(AnnotatedConstructor);

        public bool Contains(string name) => _names.Contains(name);

        private IEnumerable<string> Names => _names;

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Lazy<LockRelevantNames>> PerCompilation =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Lazy<LockRelevantNames>>();

        public static LockRelevantNames For(Compilation compilation) =>
            PerCompilation.GetValue(compilation, c => new Lazy<LockRelevantNames>(() => Build(c))).Value;

        private static LockRelevantNames Build(Compilation compilation)
        {
            var names = new HashSet<string>(BuiltInContracts.LockNames, StringComparer.Ordinal);
            var indexers = false;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var declared = PerTree.GetValue(tree, DeclaredIn);
                names.UnionWith(declared.Names);
                indexers |= declared.IndexersMatter;
            }

            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (MayUseAnnotations(assembly))
                {
                    var annotated = PerAssembly.GetValue(assembly, AnnotatedIn);
                    names.UnionWith(annotated.Names);
                    indexers |= annotated.IndexersMatter;
                }
            }

            return new LockRelevantNames(names, indexers);
        }

        // An edit makes a new compilation but keeps every other tree, and referenced assemblies' symbols
        // are shared between compilations: each is read once, not once per keystroke.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, LockRelevantNames> PerTree =
            new System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, LockRelevantNames>();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IAssemblySymbol, LockRelevantNames> PerAssembly =
            new System.Runtime.CompilerServices.ConditionalWeakTable<IAssemblySymbol, LockRelevantNames>();

        private static LockRelevantNames DeclaredIn(SyntaxTree tree)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var indexers = false;
            AddDeclared(tree.GetRoot(), names, ref indexers, WrapperScreen.MayContainWrappers(tree));
            return new LockRelevantNames(names, indexers);
        }

        private static LockRelevantNames AnnotatedIn(IAssemblySymbol assembly)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var indexers = false;
            AddAnnotated(assembly.GlobalNamespace, names, ref indexers);
            return new LockRelevantNames(names, indexers);
        }

        /// <summary>Walks namespaces and types, never into a member's body.</summary>
        private static void AddDeclared(SyntaxNode container, HashSet<string> names, ref bool indexers, bool wrappers)
        {
            foreach (var child in container.ChildNodes())
            {
                switch (child)
                {
                    case BaseNamespaceDeclarationSyntax:
                        AddDeclared(child, names, ref indexers, wrappers);
                        break;
                    case TypeDeclarationSyntax type:
                        if (type.AttributeLists.Count > 0)
                        {
                            names.Add(type.Identifier.ValueText);
                        }

                        foreach (var parameter in type.ParameterList?.Parameters ?? default)
                        {
                            if (parameter.AttributeLists.Count > 0)
                            {
                                names.Add(parameter.Identifier.ValueText); // a record's [property: GuardedBy]
                            }
                        }

                        AddDeclared(type, names, ref indexers, wrappers);
                        break;
                    case MethodDeclarationSyntax method when HasAttributes(method, method.ParameterList) || wrappers && WrapperScreen.IsCandidate(method):
                        // An annotated method, or one whose contract may be inferred (a lock wrapper): calls to it matter.
                        names.Add(method.Identifier.ValueText);
                        break;
                    case ConstructorDeclarationSyntax constructor when HasAttributes(constructor, constructor.ParameterList):
                        names.Add(constructor.Identifier.ValueText); // `new T(…)` spells the type
                        names.Add(AnnotatedConstructor);
                        break;
                    case PropertyDeclarationSyntax property when HasAttributes(property):
                        names.Add(property.Identifier.ValueText);
                        break;
                    case EventDeclarationSyntax @event when HasAttributes(@event):
                        names.Add(@event.Identifier.ValueText);
                        break;
                    case IndexerDeclarationSyntax indexer when HasAttributes(indexer):
                        indexers = true;
                        break;
                    case BaseFieldDeclarationSyntax field when field.AttributeLists.Count > 0:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            names.Add(variable.Identifier.ValueText);
                        }

                        break;
                }
            }
        }

        private static bool HasAttributes(MemberDeclarationSyntax member, BaseParameterListSyntax? parameters) =>
            member.AttributeLists.Count > 0 || (parameters?.Parameters.Any(p => p.AttributeLists.Count > 0) ?? false);

        /// <summary>Attributes on the property, event or indexer, on one of its accessors, or on an indexer's parameters.</summary>
        private static bool HasAttributes(BasePropertyDeclarationSyntax member) =>
            member.AttributeLists.Count > 0
            || (member.AccessorList?.Accessors.Any(a => a.AttributeLists.Count > 0) ?? false)
            || (member is IndexerDeclarationSyntax indexer && HasAttributes(indexer, indexer.ParameterList));

        /// <summary>
        /// An assembly that declares LockDiscipline's attributes (its own copy, or LockDiscipline.Annotations)
        /// or references one that does. Framework assemblies never do, and are never walked.
        /// </summary>
        private static bool MayUseAnnotations(IAssemblySymbol assembly) =>
            DeclaresAnnotations(assembly)
            || assembly.Modules.Any(m => m.ReferencedAssemblySymbols.Any(DeclaresAnnotations));

        private static bool DeclaresAnnotations(IAssemblySymbol assembly) =>
            assembly.TypeNames.Contains(AttributeNames.Acquires) || assembly.TypeNames.Contains(AttributeNames.GuardedBy)
            || assembly.TypeNames.Contains(AttributeNames.MightSleep) || assembly.TypeNames.Contains(AttributeNames.MaybeNullHandle);

        private static void AddAnnotated(INamespaceSymbol ns, HashSet<string> names, ref bool indexers)
        {
            foreach (var member in ns.GetMembers())
            {
                if (member is INamespaceSymbol child)
                {
                    AddAnnotated(child, names, ref indexers);
                }
                else if (member is INamedTypeSymbol type)
                {
                    AddAnnotated(type, names, ref indexers);
                }
            }
        }

        private static void AddAnnotated(INamedTypeSymbol type, HashSet<string> names, ref bool indexers)
        {
            if (type.DeclaredAccessibility == Accessibility.Private)
            {
                return; // unreachable from this compilation
            }

            if (CarriesOurs(type.GetAttributes()))
            {
                names.Add(type.Name);
            }

            foreach (var member in type.GetMembers())
            {
                switch (member)
                {
                    case INamedTypeSymbol nested:
                        AddAnnotated(nested, names, ref indexers);
                        break;
                    case IMethodSymbol method when IsAnnotated(method):
                        if (method.MethodKind == MethodKind.Constructor)
                        {
                            names.Add(type.Name);
                            names.Add(AnnotatedConstructor);
                        }
                        else if (method.AssociatedSymbol is IPropertySymbol { IsIndexer: true })
                        {
                            indexers = true;
                        }
                        else
                        {
                            names.Add(method.AssociatedSymbol?.Name ?? method.Name);
                        }

                        break;
                    case IPropertySymbol property when CarriesOurs(property.GetAttributes()):
                        if (property.IsIndexer)
                        {
                            indexers = true;
                        }
                        else
                        {
                            names.Add(property.Name);
                        }

                        break;
                    case IFieldSymbol or IEventSymbol when CarriesOurs(member.GetAttributes()):
                        names.Add(member.Name);
                        break;
                }
            }
        }

        private static bool IsAnnotated(IMethodSymbol method) =>
            CarriesOurs(method.GetAttributes()) || CarriesOurs(method.GetReturnTypeAttributes())
            || method.Parameters.Any(p => CarriesOurs(p.GetAttributes()));

        private static bool CarriesOurs(System.Collections.Immutable.ImmutableArray<AttributeData> attributes)
        {
            foreach (var attribute in attributes)
            {
                if (attribute.AttributeClass?.ContainingNamespace is { Name: AttributeNames.Namespace } ns
                    && ns.ContainingNamespace is { IsGlobalNamespace: true })
                {
                    return true;
                }
            }

            return false;
        }
    }
}

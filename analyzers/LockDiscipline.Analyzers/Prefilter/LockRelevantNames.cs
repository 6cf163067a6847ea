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
    /// built-in locks and waits, its lock wrappers (<see cref="WrapperScreen"/>: the only place a method body
    /// is read here, its first tokens), its members and types that carry LockDiscipline's attributes (annotated
    /// methods, <c>[GuardedBy]</c> fields, <c>[ScopedLock]</c> guards, annotated constructors), and the annotated
    /// members of referenced assemblies that use the annotations. An attribute counts when its simple name
    /// (or a using alias) is that of an attribute type of the <c>LockDiscipline</c> namespace, which is all
    /// the analysis reads: a library full of <c>[Obsolete]</c> or serializer attributes lets no more bodies
    /// through than one with none. A call to an unannotated method of the
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

        /// <summary>Stands for an annotated member no body names: an operator, a conversion, a destructor, a delegate, an enum member.</summary>
        private const string OtherMember = ".other";

        private LockRelevantNames(HashSet<string> names, bool indexersMatter, bool sourceCarriesAnnotations, bool mayBeAnnotated)
        {
            _names = names;
            IndexersMatter = indexersMatter;
            SourceCarriesAnnotations = sourceCarriesAnnotations;
            MayBeAnnotated = mayBeAnnotated;
        }

        /// <summary>
        /// False when the compilation sees no attribute type of the <c>LockDiscipline</c> namespace and references no
        /// assembly that uses them: then no member of it carries a contract of its own or inherits one, and an attribute
        /// (<c>[Obsolete]</c>, a serializer's) is no reason to read a member's contract. Most code.
        /// </summary>
        public bool MayBeAnnotated { get; }

        /// <summary>
        /// True when some declaration of the compilation's own source carries one of LockDiscipline's attributes:
        /// without any, there is no annotation of its own to check (LD0009, LD0100), as in most code.
        /// </summary>
        public bool SourceCarriesAnnotations { get; }

        /// <summary>True when an indexer of the compilation has attributes: then <c>x[i]</c> may matter.</summary>
        public bool IndexersMatter { get; }

        /// <summary>
        /// True when a constructor of the compilation, or of a referenced assembly, carries annotations (a
        /// <c>[ScopedLock]</c> guard's <c>[Acquires]</c>): then <c>new(…)</c> and <c>: base(…)</c>, which do not
        /// spell the type, may matter.
        /// </summary>
        public bool ConstructorsMatter => _names.Contains(AnnotatedConstructor);

        public bool Contains(string name) => _names.Contains(name);

        /// <summary>Every relevant name, for the <see cref="TextScreen"/>.</summary>
        public IEnumerable<string> Names => _names;

        private string? _fingerprint;

        /// <summary>
        /// The names, sorted, as one string: equal for two compilations whose names are the same. Joined by a
        /// character no name can hold, even one read from metadata.
        /// </summary>
        public string Fingerprint => _fingerprint ??= string.Join("\0", _names.OrderBy(n => n, StringComparer.Ordinal));

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Lazy<LockRelevantNames>> PerCompilation =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Lazy<LockRelevantNames>>();

        /// <summary>The lock wrappers <paramref name="tree"/> may declare, by name and side (read once per text).</summary>
        public static FileWrappers WrappersDeclaredIn(SyntaxTree tree) => PerTree.GetValue(tree, DeclaredInSameText).Wrappers;

        public static LockRelevantNames For(Compilation compilation) =>
            PerCompilation.GetValue(compilation, c => new Lazy<LockRelevantNames>(() => Build(c))).Value;

        private static LockRelevantNames Build(Compilation compilation)
        {
            var names = new HashSet<string>(BuiltInContracts.LockNames, StringComparer.Ordinal);
            var indexers = false;
            var declared = compilation.SyntaxTrees.Select(tree => PerTree.GetValue(tree, DeclaredInSameText)).ToList();
            var ours = AttributeTypeNames(compilation, declared);
            var sourceCarriesAnnotations = false;
            var mayBeAnnotated = ours.Count > 0;
            foreach (var tree in declared)
            {
                foreach (var entry in tree.Annotated)
                {
                    if (entry.Value.Any(spelled => IsOurs(spelled, ours)))
                    {
                        names.Add(entry.Key);
                        sourceCarriesAnnotations = true;
                    }
                }

                indexers |= tree.IndexerAttributes.Any(spelled => IsOurs(spelled, ours));
                names.UnionWith(tree.Wrappers.Acquiring);
                names.UnionWith(tree.Wrappers.Releasing);
                names.UnionWith(tree.Guards);
                names.UnionWith(tree.HeldTests);
            }

            sourceCarriesAnnotations |= indexers; // before the referenced assemblies join: only the source's own count

            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (MayUseAnnotations(assembly))
                {
                    mayBeAnnotated = true;
                    var annotated = PerAssembly.GetValue(assembly, AnnotatedIn);
                    names.UnionWith(annotated.Names);
                    indexers |= annotated.IndexersMatter;
                }
            }

            return new LockRelevantNames(names, indexers, sourceCarriesAnnotations, mayBeAnnotated);
        }

        /// <summary>
        /// The names by which source can spell an attribute of the <c>LockDiscipline</c> namespace — the only ones
        /// the analysis reads: the attribute types the compilation sees there (its own copies, or those of a
        /// referenced assembly), and the using aliases, in any file, that name one of them.
        /// </summary>
        private static HashSet<string> AttributeTypeNames(Compilation compilation, List<DeclaredNames> trees)
        {
            var ours = new HashSet<string>(StringComparer.Ordinal);
            foreach (var ns in compilation.GlobalNamespace.GetNamespaceMembers())
            {
                if (ns.Name == AttributeNames.Namespace)
                {
                    AddTypeNames(ns.GetTypeMembers(), ours);
                }
            }

            if (ours.Count == 0)
            {
                return ours;
            }

            foreach (var tree in trees)
            {
                foreach (var alias in tree.Aliases)
                {
                    if (IsOurs(alias.Value, ours))
                    {
                        ours.Add(alias.Key);
                    }
                }
            }

            return ours;
        }

        private static void AddTypeNames(System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> types, HashSet<string> into)
        {
            foreach (var type in types)
            {
                into.Add(type.Name);
                AddTypeNames(type.GetTypeMembers(), into);
            }
        }

        /// <summary>An attribute spelled <c>[X]</c> binds to <c>X</c> or <c>XAttribute</c>.</summary>
        private static bool IsOurs(string spelled, HashSet<string> ours) =>
            ours.Count > 0 && (ours.Contains(spelled) || ours.Contains(spelled + "Attribute"));

        /// <summary>
        /// What one file declares with attributes: each name that may matter, with the simple names its
        /// attributes are spelled with (whether they are LockDiscipline's is settled once per compilation), the
        /// attributes on indexers, and the file's using aliases (alias → the simple name it stands for).
        /// Never changed once <see cref="DeclaredIn"/> has built it: every compilation that has the file's text
        /// shares it (<see cref="SameTextMemo{TValue}"/>).
        /// </summary>
        private sealed class DeclaredNames
        {
            public DeclaredNames(bool mayHaveWrappers)
            {
                MayHaveWrappers = mayHaveWrappers;
            }

            /// <summary>The file's text spells a call a lock wrapper could make (<see cref="WrapperScreen.MayContainWrappers"/>).</summary>
            public bool MayHaveWrappers { get; }

            /// <summary>Methods the <see cref="WrapperScreen"/> let through (their contracts are inferred): relevant whatever attributes they carry.</summary>
            public FileWrappers Wrappers { get; set; } = FileWrappers.None;

            /// <summary>The file's method declarations, while it is read, for the wrapper screen (null once screened, or when the file spells no lock call).</summary>
            public List<MethodDeclarationSyntax>? Methods { get; set; }

            public Dictionary<string, HashSet<string>> Annotated { get; } = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

            /// <summary>The lock guards the file declares without <c>[ScopedLock]</c> (<see cref="WrapperScreen.IsGuardConstructor"/>): <c>new T(…)</c> takes a lock.</summary>
            public HashSet<string> Guards { get; } = new HashSet<string>(StringComparer.Ordinal);

            /// <summary>The held tests the file declares as forwarders (<see cref="HeldTestScreen.ReturnedTest"/>): a body that asks one may assert a lock.</summary>
            public HashSet<string> HeldTests { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<string> IndexerAttributes { get; } = new HashSet<string>(StringComparer.Ordinal);

            public Dictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

            public void Add(string name, IEnumerable<AttributeListSyntax> lists)
            {
                if (!Annotated.TryGetValue(name, out var spelled))
                {
                    Annotated[name] = spelled = new HashSet<string>(StringComparer.Ordinal);
                }

                AddSpellings(lists, spelled);
            }

            public static void AddSpellings(IEnumerable<AttributeListSyntax> lists, HashSet<string> into)
            {
                foreach (var list in lists)
                {
                    foreach (var attribute in list.Attributes)
                    {
                        into.Add(RightmostName(attribute.Name));
                    }
                }
            }
        }

        private static string RightmostName(NameSyntax name) => name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => name.ToString(),
        };

        // An edit makes a new compilation but keeps every other tree, and referenced assemblies' symbols
        // are shared between compilations: each is read once, not once per keystroke.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, DeclaredNames> PerTree =
            new System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, DeclaredNames>();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IAssemblySymbol, LockRelevantNames> PerAssembly =
            new System.Runtime.CompilerServices.ConditionalWeakTable<IAssemblySymbol, LockRelevantNames>();

        /// <summary>For a new tree of a text already read (a compiler server's next compilation), what was read from it then.</summary>
        private static readonly SameTextMemo<DeclaredNames> AcrossCompilations = new SameTextMemo<DeclaredNames>(maxChars: 1L << 24);

        private static DeclaredNames DeclaredInSameText(SyntaxTree tree) => AcrossCompilations.Get(tree, "", DeclaredIn);

        private static DeclaredNames DeclaredIn(SyntaxTree tree)
        {
            var declared = new DeclaredNames(WrapperScreen.MayContainWrappers(tree));
            AddDeclared(tree.GetRoot(), declared);
            if (declared.Methods is { } methods)
            {
                declared.Wrappers = WrapperScreen.WrappersIn(methods);
                declared.Methods = null;
            }

            return declared;
        }

        private static LockRelevantNames AnnotatedIn(IAssemblySymbol assembly)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var indexers = false;
            AddAnnotated(assembly.GlobalNamespace, names, ref indexers);
            return new LockRelevantNames(names, indexers, sourceCarriesAnnotations: false, mayBeAnnotated: true); // a referenced assembly's: only its names are read
        }

        /// <summary>Walks namespaces and types, never into a member's body.</summary>
        private static void AddDeclared(SyntaxNode container, DeclaredNames declared)
        {
            foreach (var child in container.ChildNodes())
            {
                switch (child)
                {
                    case UsingDirectiveSyntax { Alias: { } alias } @using when @using.Name is { } target:
                        declared.Aliases[alias.Name.Identifier.ValueText] = RightmostName(target);
                        break;
                    case BaseNamespaceDeclarationSyntax:
                        AddDeclared(child, declared);
                        break;
                    case TypeDeclarationSyntax type:
                        if (type.AttributeLists.Count > 0)
                        {
                            declared.Add(type.Identifier.ValueText, type.AttributeLists);
                        }

                        foreach (var parameter in type.ParameterList?.Parameters ?? default)
                        {
                            if (parameter.AttributeLists.Count > 0)
                            {
                                declared.Add(parameter.Identifier.ValueText, parameter.AttributeLists); // a record's [property: GuardedBy]
                            }
                        }

                        AddDeclared(type, declared);
                        break;
                    case MethodDeclarationSyntax method:
                        if (HasAttributes(method, method.ParameterList))
                        {
                            declared.Add(method.Identifier.ValueText, AttributesOf(method, method.ParameterList));
                        }

                        if (declared.MayHaveWrappers)
                        {
                            // Screened for lock wrappers once the file is read (a wrapper may call another of the file's).
                            (declared.Methods ??= new List<MethodDeclarationSyntax>()).Add(method);
                            AddIfHeldTest(method, method.Identifier, declared);
                        }

                        break;
                    case ConstructorDeclarationSyntax constructor when HasAttributes(constructor, constructor.ParameterList):
                        declared.Add(constructor.Identifier.ValueText, AttributesOf(constructor, constructor.ParameterList)); // `new T(…)` spells the type
                        declared.Add(AnnotatedConstructor, AttributesOf(constructor, constructor.ParameterList));
                        break;
                    case ConstructorDeclarationSyntax constructor when declared.MayHaveWrappers && WrapperScreen.IsGuardConstructor(constructor):
                        declared.Guards.Add(constructor.Identifier.ValueText); // `new T(…)` takes a lock: a body that spells it is analyzed
                        break;
                    case PropertyDeclarationSyntax property:
                        if (HasAttributes(property))
                        {
                            declared.Add(property.Identifier.ValueText, AttributesOf(property));
                        }

                        if (declared.MayHaveWrappers)
                        {
                            AddIfHeldTest(property, property.Identifier, declared);
                        }

                        break;
                    case EventDeclarationSyntax @event when HasAttributes(@event):
                        declared.Add(@event.Identifier.ValueText, AttributesOf(@event));
                        break;
                    case IndexerDeclarationSyntax indexer when HasAttributes(indexer):
                        DeclaredNames.AddSpellings(AttributesOf(indexer), declared.IndexerAttributes);
                        break;
                    case BaseFieldDeclarationSyntax field when field.AttributeLists.Count > 0:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            declared.Add(variable.Identifier.ValueText, field.AttributeLists);
                        }

                        break;

                    // No body spells these members by name, but their attributes are annotations to check all the same.
                    case BaseMethodDeclarationSyntax other when HasAttributes(other, other.ParameterList): // operators, conversions, destructors
                        declared.Add(OtherMember, AttributesOf(other, other.ParameterList));
                        break;
                    case DelegateDeclarationSyntax @delegate when HasAttributes(@delegate, @delegate.ParameterList):
                        declared.Add(OtherMember, AttributesOf(@delegate, @delegate.ParameterList));
                        break;
                    case EnumDeclarationSyntax @enum when @enum.AttributeLists.Count > 0 || @enum.Members.Any(m => m.AttributeLists.Count > 0):
                        declared.Add(OtherMember, @enum.AttributeLists.Concat(@enum.Members.SelectMany(m => m.AttributeLists)));
                        break;
                }
            }
        }

        private static void AddIfHeldTest(MemberDeclarationSyntax member, SyntaxToken name, DeclaredNames declared)
        {
            if (HeldTestScreen.ReturnedTest(member) is not null)
            {
                declared.HeldTests.Add(name.ValueText);
            }
        }

        private static bool HasAttributes(MemberDeclarationSyntax member, BaseParameterListSyntax? parameters) =>
            member.AttributeLists.Count > 0 || DeclaredAttributes.OnAnyParameter(parameters);

        /// <summary>Attributes on the property, event or indexer, on one of its accessors, or on an indexer's parameters.</summary>
        private static bool HasAttributes(BasePropertyDeclarationSyntax member) =>
            member.AttributeLists.Count > 0
            || DeclaredAttributes.OnAnyAccessor(member.AccessorList)
            || (member is IndexerDeclarationSyntax indexer && DeclaredAttributes.OnAnyParameter(indexer.ParameterList));

        private static IEnumerable<AttributeListSyntax> AttributesOf(MemberDeclarationSyntax member, BaseParameterListSyntax? parameters) =>
            member.AttributeLists.Concat(parameters?.Parameters.SelectMany(p => p.AttributeLists) ?? Enumerable.Empty<AttributeListSyntax>());

        private static IEnumerable<AttributeListSyntax> AttributesOf(BasePropertyDeclarationSyntax member) =>
            member.AttributeLists
                .Concat(member.AccessorList?.Accessors.SelectMany(a => a.AttributeLists) ?? Enumerable.Empty<AttributeListSyntax>())
                .Concat((member as IndexerDeclarationSyntax)?.ParameterList.Parameters.SelectMany(p => p.AttributeLists) ?? Enumerable.Empty<AttributeListSyntax>());

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

using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Ordering
{
    /// <summary>One declared edge: <see cref="Before"/> is acquired before <see cref="After"/>.</summary>
    internal readonly record struct OrderEdge(LockClass Before, LockClass After, AttributeData Attribute, ISymbol DeclaredOn);

    /// <summary>
    /// The declared lock order of a compilation: the edges from <c>[AcquiredBefore]</c> and
    /// <c>[AcquiredAfter]</c> on the compilation's lock fields and properties (and on any referenced
    /// lock member the analysis meets), closed transitively on demand. Built once per compilation.
    /// </summary>
    internal sealed class LockOrder
    {
        private readonly Dictionary<LockClass, List<OrderEdge>> _sourceEdges;
        private readonly ConcurrentDictionary<LockClass, HashSet<LockClass>> _reachable =
            new ConcurrentDictionary<LockClass, HashSet<LockClass>>();
        private readonly ConcurrentDictionary<LockClass, ImmutableArray<OrderEdge>> _metadataEdges =
            new ConcurrentDictionary<LockClass, ImmutableArray<OrderEdge>>();

        private readonly IAssemblySymbol _assembly;

        private LockOrder(Dictionary<LockClass, List<OrderEdge>> sourceEdges, IAssemblySymbol assembly)
        {
            _sourceEdges = sourceEdges;
            _assembly = assembly;
        }

        public IEnumerable<OrderEdge> SourceEdges => _sourceEdges.Values.SelectMany(e => e);

        // A ConditionalWeakTable may run its factory on every thread that races for a missing key;
        // the Lazy makes the build happen once while the others wait for it.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, System.Lazy<LockOrder>> PerCompilation =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, System.Lazy<LockOrder>>();

        /// <summary>The order of <paramref name="compilation"/>, built once and shared by both analyzers.</summary>
        public static LockOrder For(Compilation compilation) =>
            PerCompilation.GetValue(compilation, c => new System.Lazy<LockOrder>(() => Build(c))).Value;

        /// <summary>Collects the declared edges from every field and property declared in <paramref name="compilation"/>.</summary>
        private static LockOrder Build(Compilation compilation)
        {
            var edges = new Dictionary<LockClass, List<OrderEdge>>();
            foreach (var type in AllTypes(compilation.Assembly.GlobalNamespace))
            {
                if (!MayDeclareOrder(type))
                {
                    continue;
                }

                foreach (var member in type.GetMembers())
                {
                    if ((member is IFieldSymbol or IPropertySymbol) && DeclaredAttributes.MayHave(member))
                    {
                        foreach (var edge in DeclaredEdges(member))
                        {
                            if (!edges.TryGetValue(edge.Before, out var list))
                            {
                                edges[edge.Before] = list = new List<OrderEdge>();
                            }

                            list.Add(edge);
                        }
                    }
                }
            }

            return new LockOrder(edges, compilation.Assembly);
        }

        /// <summary>
        /// False for a source type none of whose declarations has a field or property with an attribute
        /// list: its members cannot declare an order, and are not even created for the asking.
        /// </summary>
        private static bool MayDeclareOrder(INamedTypeSymbol type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
                {
                    continue; // an enum or a delegate
                }

                foreach (var member in declaration.Members)
                {
                    if (member is BaseFieldDeclarationSyntax or BasePropertyDeclarationSyntax && member.AttributeLists.Count > 0)
                    {
                        return true;
                    }
                }

                foreach (var parameter in declaration.ParameterList?.Parameters ?? default)
                {
                    if (parameter.AttributeLists.Count > 0)
                    {
                        return true; // a record's [property: AcquiredBefore(…)]
                    }
                }
            }

            return type.DeclaringSyntaxReferences.IsEmpty;
        }

        /// <summary>The edges one member's attributes declare.</summary>
        public static IEnumerable<OrderEdge> DeclaredEdges(ISymbol member)
        {
            foreach (var attribute in member.GetAttributes())
            {
                var before = AttributeNames.Is(attribute, AttributeNames.AcquiredBefore);
                if (!before && !AttributeNames.Is(attribute, AttributeNames.AcquiredAfter))
                {
                    continue;
                }

                var other = ResolveTarget(attribute);
                if (other is null)
                {
                    continue;
                }

                var self = new LockClass(member);
                var that = LockClass.OfMember(other); // as its locks are classed: a field of a class that locks itself is that class
                yield return before ? new OrderEdge(self, that, attribute, member) : new OrderEdge(that, self, attribute, member);
            }
        }

        /// <summary>The member an order attribute's <c>(typeof(T), "Member")</c> names, or null.</summary>
        public static ISymbol? ResolveTarget(AttributeData attribute)
        {
            if (attribute.ConstructorArguments.Length != 2
                || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type
                || attribute.ConstructorArguments[1].Value is not string name)
            {
                return null;
            }

            return LockExpressions.LockExpressionParser.FindMember(type, name, wantStatic: null);
        }

        /// <summary>True when the declared order puts <paramref name="earlier"/> before <paramref name="later"/>, transitively.</summary>
        public bool IsBefore(LockClass earlier, LockClass later) => Reachable(earlier).Contains(later);

        // A plain set, only read once published: an immutable one cost more than the search, at every acquire under a lock.
        private HashSet<LockClass> Reachable(LockClass from)
        {
            if (_reachable.TryGetValue(from, out var known))
            {
                return known;
            }

            var seen = new HashSet<LockClass>();
            var stack = new Stack<LockClass>();
            stack.Push(from);
            while (stack.Count > 0)
            {
                foreach (var edge in Successors(stack.Pop()))
                {
                    if (seen.Add(edge.After))
                    {
                        stack.Push(edge.After);
                    }
                }
            }

            return _reachable.GetOrAdd(from, seen);
        }

        private IEnumerable<OrderEdge> Successors(LockClass node)
        {
            if (_sourceEdges.TryGetValue(node, out var list))
            {
                return list;
            }

            // Declared in another assembly: from metadata in a build, or a referenced project's source in the IDE.
            if (!SymbolEqualityComparer.Default.Equals(node.Symbol.ContainingAssembly, _assembly))
            {
                return _metadataEdges.GetOrAdd(node, n => DeclaredEdges(n.Symbol).Where(e => e.Before.Equals(n)).ToImmutableArray());
            }

            return Enumerable.Empty<OrderEdge>();
        }

        private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
        {
            foreach (var member in ns.GetMembers())
            {
                if (member is INamespaceSymbol child)
                {
                    foreach (var t in AllTypes(child))
                    {
                        yield return t;
                    }
                }
                else if (member is INamedTypeSymbol type)
                {
                    foreach (var t in WithNested(type))
                    {
                        yield return t;
                    }
                }
            }
        }

        private static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
        {
            yield return type;
            foreach (var nested in type.GetTypeMembers())
            {
                foreach (var t in WithNested(nested))
                {
                    yield return t;
                }
            }
        }
    }
}

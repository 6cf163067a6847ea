using System.Collections.Generic;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LockDiscipline.Tests.Prefilter
{
    /// <summary>
    /// The pre-filter lets a body through when it spells a built-in lock or wait; that list must name
    /// everything the built-in contracts know. Every public method of the .NET types they cover is
    /// asked for its contract, and each one that has one must be on the list.
    /// </summary>
    public class BuiltInNamesTests
    {
        [Fact]
        public void EveryMethodWithABuiltInContract_IsSpelledInTheList()
        {
            var compilation = DirectRunner.Compile(new[] { ("Empty.cs", "class Empty { }") });
            var mutex = compilation.GetTypeByMetadataName("System.Threading.Mutex")!;
            var covered = new List<string>();
            var missing = new List<string>();
            foreach (var type in TypesIn(compilation.GlobalNamespace).Where(InScope))
            {
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                {
                    var contract = BuiltInContracts.For(method) ?? BuiltInContracts.ForOrdinary(method) ?? BuiltInContracts.ForReceiver(method, mutex);
                    if (contract is null)
                    {
                        continue;
                    }

                    var spelled = method.AssociatedSymbol?.Name ?? method.Name;
                    (BuiltInContracts.Names.Contains(spelled) ? covered : missing).Add(type.Name + "." + spelled);
                    if ((contract.TouchesLocks || !contract.TryAcquires.IsEmpty) && !BuiltInContracts.LockNames.Contains(spelled))
                    {
                        missing.Add("lock name " + type.Name + "." + spelled);
                    }
                }
            }

            Assert.Empty(missing);
            Assert.Contains("Monitor.Enter", covered);
            Assert.Contains("Task.Result", covered);
            Assert.Contains("List.ForEach", covered);
        }

        private static bool InScope(INamedTypeSymbol type)
        {
            var ns = type.ContainingNamespace.ToDisplayString();
            return type.DeclaredAccessibility == Accessibility.Public
                && (ns is "System.Threading" or "System.Threading.Tasks" or "System.Runtime.CompilerServices"
                    || type.Name is "List" or "Array");
        }

        private static IEnumerable<INamedTypeSymbol> TypesIn(INamespaceSymbol ns)
        {
            foreach (var member in ns.GetMembers())
            {
                if (member is INamespaceSymbol child)
                {
                    foreach (var type in TypesIn(child))
                    {
                        yield return type;
                    }
                }
                else if (member is INamedTypeSymbol type)
                {
                    yield return type;
                    foreach (var nested in type.GetTypeMembers())
                    {
                        yield return nested;
                    }
                }
            }
        }
    }
}

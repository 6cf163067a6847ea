using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LockDiscipline.Tests.Annotations
{
    /// <summary>
    /// Built-in contracts belong to the types of <c>System.Threading</c>, <c>System.Threading.Tasks</c> and
    /// <c>System.Runtime.CompilerServices</c> only: a namespace is matched segment by segment, never by a suffix or prefix.
    /// </summary>
    public class BuiltInNamespaceTests
    {
        [Theory]
        [InlineData("System.Threading", true)]
        [InlineData("System.Threading.Tasks", true)]
        [InlineData("System.Runtime.CompilerServices", true)]
        [InlineData("MyApp.System.Threading", false)]   // the same tail under another root
        [InlineData("System.ThreadingX", false)]
        [InlineData("Threading", false)]
        [InlineData("System", false)]
        [InlineData("System.Threading.Channels", false)]
        [InlineData("System.Runtime", false)]
        public void ASpinLockType_HasItsContract_OnlyInTheThreadingNamespaces(string ns, bool expected)
        {
            // A type named as the built-in one, declared in source in the namespace under test.
            var source = "namespace " + ns + " { public struct SpinLock { public void Enter(ref bool taken) { } public void Exit() { } } }";
            var compilation = DirectRunner.Compile(new[] { ("S.cs", source) });
            var type = compilation.Assembly.GetTypeByMetadataName(ns + ".SpinLock")!;
            var enter = type.GetMembers("Enter").OfType<IMethodSymbol>().Single();
            Assert.Equal(expected, BuiltInContracts.For(enter) is { } contract && !contract.Acquires.IsEmpty);
        }

        [Fact]
        public void ANestedType_CountsByItsOutermostType()
        {
            var source = "namespace System.Threading { public class Outer { public struct SpinLock { public void Enter(ref bool taken) { } } } }";
            var compilation = DirectRunner.Compile(new[] { ("S.cs", source) });
            var enter = compilation.Assembly.GetTypeByMetadataName("System.Threading.Outer+SpinLock")!.GetMembers("Enter").OfType<IMethodSymbol>().Single();
            Assert.NotNull(BuiltInContracts.For(enter));
        }
    }
}

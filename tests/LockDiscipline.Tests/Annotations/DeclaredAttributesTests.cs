using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LockDiscipline.Tests.Annotations
{
    /// <summary>
    /// The syntactic look for attribute lists on a member's declaration: on the member, its return, its
    /// parameters, type parameters and accessors, never in its body, initializer or types.
    /// </summary>
    public class DeclaredAttributesTests
    {
        [Theory]
        [InlineData("M", "void M() { }", false)]
        [InlineData("M", "[System.Obsolete] void M() { }", true)]
        [InlineData("M", "[return: System.Obsolete] int M() => 0;", true)]
        [InlineData("M", "void M([System.Obsolete] int x) { }", true)]
        [InlineData("M", "void M<[System.Obsolete] T>() { }", true)]
        [InlineData("M", "int[] M(int[] x, System.Collections.Generic.List<int[]> y) => x;", false)]
        [InlineData("M", "void M() { var f = [System.Obsolete] () => 1; }", false)]
        [InlineData("M", "void M(System.Func<int> f = null) => M(() => { return 1; });", false)]
        [InlineData("M", "void M() { [System.Obsolete] void Local() { } Local(); }", false)]
        [InlineData("P", "int P { get; set; }", false)]
        [InlineData("P", "int P { [System.Obsolete] get; set; }", true)]
        [InlineData("P", "int P { get => 1; set { var a = new int[1]; } }", false)]
        [InlineData("P", "[System.Obsolete] int P => 1;", true)]
        [InlineData("F", "int F = 1;", false)]
        [InlineData("F", "[System.Obsolete] int F = 1, G;", true)]
        [InlineData("F", "int[] F = new int[] { 1 };", false)]
        public void LooksOnlyAtTheDeclaration(string name, string member, bool expected)
        {
            Assert.Equal(expected, DeclaredAttributes.MayHave(Member(name, member)));
        }

        private static ISymbol Member(string name, string member)
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", "class C { " + member + " }") });
            return compilation.GetTypeByMetadataName("C")!.GetMembers(name).Single();
        }
    }
}

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
        [InlineData("void M() { }", false)]
        [InlineData("[System.Obsolete] void M() { }", true)]
        [InlineData("[return: System.Obsolete] int M() => 0;", true)]
        [InlineData("void M([System.Obsolete] int x) { }", true)]
        [InlineData("void M<[System.Obsolete] T>() { }", true)]
        [InlineData("int[] M(int[] x, System.Collections.Generic.List<int[]> y) => x;", false)]
        [InlineData("void M() { var f = [System.Obsolete] () => 1; }", false)]
        [InlineData("void M(System.Func<int> f = null) => M(() => { return 1; });", false)]
        [InlineData("void M() { [System.Obsolete] void Local() { } Local(); }", false)]
        public void Methods(string member, bool expected)
        {
            Assert.Equal(expected, DeclaredAttributes.MayHave(Member("M", member)));
        }

        [Theory]
        [InlineData("int P { get; set; }", false)]
        [InlineData("int P { [System.Obsolete] get; set; }", true)]
        [InlineData("int P { get => 1; set { var a = new int[1]; } }", false)]
        [InlineData("[System.Obsolete] int P => 1;", true)]
        public void Properties(string member, bool expected)
        {
            Assert.Equal(expected, DeclaredAttributes.MayHave(Member("P", member)));
        }

        [Theory]
        [InlineData("int F = 1;", false)]
        [InlineData("[System.Obsolete] int F = 1, G;", true)]
        [InlineData("int[] F = new int[] { 1 };", false)]
        public void Fields(string member, bool expected)
        {
            Assert.Equal(expected, DeclaredAttributes.MayHave(Member("F", member)));
        }

        private static ISymbol Member(string name, string member)
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", "class C { " + member + " }") });
            return compilation.GetTypeByMetadataName("C")!.GetMembers(name).Single();
        }
    }
}

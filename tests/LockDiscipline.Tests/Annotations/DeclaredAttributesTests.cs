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
        [InlineData("E", "event System.Action E { [System.Obsolete] add { } remove { } }", true)]
        [InlineData("E", "[System.Obsolete] event System.Action E;", true)]
        [InlineData("this[]", "int this[[System.Obsolete] int i] => i;", true)]
        [InlineData("this[]", "int this[int i] { get { int[] a = { i }; return a[0]; } }", false)]
        [InlineData(".ctor", "C(int x) { }", false)]
        [InlineData(".ctor", "C([System.Obsolete] int x) { }", true)]
        [InlineData(".ctor", "C() : this([System.Obsolete] () => 1) { } C(System.Func<int> f) { }", true)] // as the walk: a lambda in the initializer
        [InlineData("op_Addition", "public static C operator +(C a, [System.Obsolete] C b) => a;", true)]
        [InlineData("op_Addition", "public static C operator +(C a, C b) => a;", false)]
        [InlineData("Finalize", "~C() { int[] a = { 1 }; }", false)]
        public void LooksOnlyAtTheDeclaration(string name, string member, bool expected)
        {
            Assert.Equal(expected, DeclaredAttributes.MayHave(Member(name, member)));
        }

        private static ISymbol Member(string name, string member)
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", "class C { " + member + " }") });
            var members = compilation.GetTypeByMetadataName("C")!.GetMembers(name);
            return name == ".ctor" ? members.OrderBy(m => m.Locations[0].SourceSpan.Start).First() : members.Single();
        }

        /// <summary>
        /// The typed look answers, for every member of the test corpus and of the product's own source, what a
        /// plain walk of the declaration answers.
        /// </summary>
        [Fact]
        public void EveryMemberOfTheCorpus_AndOfTheProductsOwnSource_GetsTheWalksAnswer()
        {
            var files = SourceCorpus.WithProductSource();
            var checkedMembers = 0;
            var withAttributes = 0;
            foreach (var (name, text) in files)
            {
                var compilation = DirectRunner.Compile(new[] { (name, text) });
                foreach (var symbol in AllMembers(compilation.Assembly.GlobalNamespace))
                {
                    if (symbol.DeclaringSyntaxReferences.IsEmpty)
                    {
                        continue;
                    }

                    var walked = symbol.DeclaringSyntaxReferences.Any(r => DeclarationOf(r.GetSyntax()) is { } declaration && WalkFinds(declaration));
                    Assert.True(walked == DeclaredAttributes.MayHave(symbol), $"{name}: {symbol.ToDisplayString()}: the walk says {walked}");
                    checkedMembers++;
                    withAttributes += walked ? 1 : 0;
                }
            }

            Assert.True(checkedMembers > 3000, $"only {checkedMembers} members");
            Assert.InRange(withAttributes, 100, checkedMembers - 100);
        }

        private static System.Collections.Generic.IEnumerable<ISymbol> AllMembers(INamespaceOrTypeSymbol container)
        {
            foreach (var member in container.GetMembers())
            {
                if (member is INamespaceOrTypeSymbol inner)
                {
                    foreach (var nested in AllMembers(inner))
                    {
                        yield return nested;
                    }
                }

                if (member is not INamespaceSymbol)
                {
                    yield return member;
                }

                if (member is IMethodSymbol method)
                {
                    foreach (var parameter in method.Parameters)
                    {
                        yield return parameter;
                    }
                }
            }
        }

        /// <summary>A field's symbol is declared by its declarator; the attributes are on the field declaration two levels up.</summary>
        private static SyntaxNode? DeclarationOf(SyntaxNode node) =>
            node is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax ? node.Parent?.Parent : node;

        /// <summary>Every attribute list below the node, except in bodies, initializers, types and base lists.</summary>
        private static bool WalkFinds(SyntaxNode node) =>
            node is Microsoft.CodeAnalysis.CSharp.Syntax.AttributeListSyntax
            || (node is not (Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ArrowExpressionClauseSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.EqualsValueClauseSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.TypeSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.BaseListSyntax)
                && node.ChildNodes().Any(WalkFinds));
    }
}

using System.Linq;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Prefilter
{
    /// <summary>
    /// Whether any member of a compilation can carry a LockDiscipline contract: only when it sees the attributes (a
    /// reference to them, or a copy in its own source). Where it cannot, the pre-filter reads no contract for a body
    /// just because its member has some other attribute.
    /// </summary>
    public class MayBeAnnotatedTests
    {
        private const string Source = "class C { [System.Obsolete] void M() { } }";

        [Fact]
        public void WithoutTheAttributes_NothingCanBeAnnotated()
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", Source) });
            var annotations = compilation.References.Single(r => r.Display?.Contains("LockDiscipline.Annotations") == true);

            Assert.False(LockRelevantNames.For(compilation.RemoveReferences(annotations)).MayBeAnnotated);
        }

        [Fact]
        public void WithTheAttributesReferenced_OrCopiedIntoTheSource_SomethingMayBe()
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", Source) });
            var annotations = compilation.References.Single(r => r.Display?.Contains("LockDiscipline.Annotations") == true);
            var copied = compilation.RemoveReferences(annotations).AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
                "namespace LockDiscipline { public sealed class AcquiresAttribute : System.Attribute { } }", path: "Copy.cs"));

            Assert.True(LockRelevantNames.For(compilation).MayBeAnnotated);
            Assert.True(LockRelevantNames.For(copied).MayBeAnnotated);
        }
    }
}

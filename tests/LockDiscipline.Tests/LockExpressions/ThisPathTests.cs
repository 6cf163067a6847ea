using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LockDiscipline.Tests.LockExpressions
{
    /// <summary>
    /// <c>this</c>'s path is made once per type and nullable annotation, though Roslyn hands out a new object for a
    /// type each time it is asked for with an annotation other than its default; the lock kind of such a type is read
    /// as the type's own.
    /// </summary>
    public class ThisPathTests
    {
        private const string Source = @"
#nullable enable
using LockDiscipline;
[LockType(LockKind.Spin)] public sealed class Spin { }
public class C { }";

        [Fact]
        public void OnePathPerTypeAndAnnotation_WhateverObjectRoslynHandsOut()
        {
            var type = DirectRunner.Compile(new[] { ("A.cs", Source) }).GetTypeByMetadataName("C")!;
            var first = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            var second = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            Assert.NotSame(first, second); // the fact the cache is built around

            var path = LockPath.ForThis(first);

            Assert.Same(path, LockPath.ForThis(second));
            Assert.Equal(NullableAnnotation.NotAnnotated, path.Type!.NullableAnnotation);
            var plain = LockPath.ForThis(type);
            Assert.Same(plain, LockPath.ForThis(type));
            Assert.Equal(NullableAnnotation.None, plain.Type!.NullableAnnotation);
            Assert.Equal(plain, path);
        }

        [Fact]
        public void AnAnnotatedLockTypeHasItsTypesKind()
        {
            var spin = DirectRunner.Compile(new[] { ("A.cs", Source) }).GetTypeByMetadataName("Spin")!;

            Assert.Equal(Analyzers.Annotations.LockKind.Spin, LockTypes.DeclaredKind(spin.WithNullableAnnotation(NullableAnnotation.NotAnnotated)));
            Assert.Equal(Analyzers.Annotations.LockKind.Spin, LockTypes.DeclaredKind(spin.WithNullableAnnotation(NullableAnnotation.Annotated)));
            Assert.Equal(Analyzers.Annotations.LockKind.Spin, LockTypes.DeclaredKind(spin));
        }
    }
}

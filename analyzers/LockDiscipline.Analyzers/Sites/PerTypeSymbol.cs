using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Sites
{
    /// <summary>
    /// A value worked out once per type symbol and held no longer than the symbol. Keyed by the type's object for its
    /// default nullable annotation: Roslyn makes a new object for a type each time it is asked for with any other
    /// annotation (a field's type, or <c>this</c>, where nullable reference types are on), so a table keyed by the
    /// object it was handed would miss, and grow, at every ask.
    /// </summary>
    internal sealed class PerTypeSymbol<TValue>
        where TValue : class
    {
        private readonly ConditionalWeakTable<ITypeSymbol, TValue> _values = new ConditionalWeakTable<ITypeSymbol, TValue>();
        private readonly ConditionalWeakTable<ITypeSymbol, TValue>.CreateValueCallback _create;

        /// <param name="create">Works a value out from the type with its default annotation.</param>
        public PerTypeSymbol(Func<ITypeSymbol, TValue> create)
        {
            _create = key => create((ITypeSymbol)key);
        }

        public TValue Get(ITypeSymbol type) => _values.GetValue(type.WithNullableAnnotation(NullableAnnotation.None), _create);
    }
}

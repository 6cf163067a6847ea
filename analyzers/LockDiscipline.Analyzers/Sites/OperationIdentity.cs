using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Sites
{
    /// <summary>
    /// Operations compared by identity, for the per-body memo tables the fixpoint consults on every
    /// visit. The hash comes from where the operation is and what it is, not from the object header:
    /// every operation is new, and an identity hash's first use is the runtime's slow path (a tenth of
    /// the flow analyzer's time in a profile). Operations sharing syntax and kind (an implicit
    /// conversion of a conversion) share a bucket; equality stays identity, so that costs a probe, never
    /// a wrong answer.
    /// </summary>
    internal sealed class OperationIdentity : IEqualityComparer<IOperation>
    {
        public static readonly OperationIdentity Instance = new OperationIdentity();

        private OperationIdentity()
        {
        }

        public bool Equals(IOperation? x, IOperation? y) => ReferenceEquals(x, y);

        // The full span: a node keeps its position and its width, where the span without trivia walks down to a token for each.
        public int GetHashCode(IOperation obj)
        {
            var span = obj.Syntax.FullSpan;
            return (span.Start * 31 + span.Length) * 64 + (int)obj.Kind;
        }
    }

    /// <summary>Keys that pair an operation (by identity, hashed as <see cref="OperationIdentity"/> does) with a value and a flag.</summary>
    internal sealed class OperationKeyIdentity<T> : IEqualityComparer<(IOperation Operation, T Value, bool Flag)>
    {
        public static readonly OperationKeyIdentity<T> Instance = new OperationKeyIdentity<T>();

        private OperationKeyIdentity()
        {
        }

        public bool Equals((IOperation Operation, T Value, bool Flag) x, (IOperation Operation, T Value, bool Flag) y) =>
            ReferenceEquals(x.Operation, y.Operation) && x.Flag == y.Flag && EqualityComparer<T>.Default.Equals(x.Value, y.Value);

        public int GetHashCode((IOperation Operation, T Value, bool Flag) obj) =>
            (OperationIdentity.Instance.GetHashCode(obj.Operation) * 31 + EqualityComparer<T>.Default.GetHashCode(obj.Value!)) * 2 + (obj.Flag ? 1 : 0);
    }
}

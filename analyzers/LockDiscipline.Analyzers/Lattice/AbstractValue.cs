using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>What is known of a handle's nullness. <see cref="Unknown"/> is "not tracked" (treated as
    /// non-null, as nullable-oblivious code is); only annotated sources and null constants produce doubt.</summary>
    internal enum NullState : byte
    {
        Unknown = 0,
        NonNull,
        Null,
        MaybeNull,
    }

    /// <summary>What is known of a <c>bool</c>.</summary>
    internal enum BoolState : byte
    {
        Unknown = 0,
        True,
        False,
    }

    /// <summary>
    /// The abstract value of an expression or variable: its nullness and, for a <c>bool</c>, its truth;
    /// for a scoped guard (<c>Lock.Scope</c>, a <c>[ScopedLock]</c> type), the lock its disposal releases;
    /// and for a value that depends on data a lock protects, that lock and the call after which the
    /// value may be stale (LD0011).
    /// </summary>
    internal readonly record struct AbstractValue(NullState Null, BoolState Bool)
    {
        /// <summary>The lock this guard object holds and releases when disposed.</summary>
        public LockPath? Scope { get; init; }

        /// <summary>
        /// For a variable that refers to the same object as a lock held under another name: that name. A held
        /// lock has one canonical path; <c>last = next</c> moves it to <c>last</c> and leaves <c>next</c> here
        /// pointing at it, so a release through either name finds it (hand-over-hand locking).
        /// </summary>
        public LockPath? Alias { get; init; }

        /// <summary>The lock under which the value was read (a <c>[GuardedBy]</c> member, a <c>[Requires]</c> method's result).</summary>
        public LockPath? ReadUnder { get; init; }

        /// <summary>The call that may have dropped <see cref="ReadUnder"/> since the value was read; null while fresh.</summary>
        public IOperation? StaleAfter { get; init; }

        /// <summary>True when two values cannot both describe the same variable on one run: a condition tells their paths apart.</summary>
        public static bool Contradict(AbstractValue a, AbstractValue b) =>
            (a.Bool != BoolState.Unknown && b.Bool != BoolState.Unknown && a.Bool != b.Bool) ||
            (a.Null == NullState.Null && b.Null == NullState.NonNull) ||
            (a.Null == NullState.NonNull && b.Null == NullState.Null);

        /// <summary>
        /// False when the value contradicts no value at all (no truth, and no nullness but "maybe" or untracked):
        /// <see cref="Contradict"/> is then false whichever value it meets, so the other side need not be looked up.
        /// </summary>
        public bool CanContradict => Bool != BoolState.Unknown || Null is NullState.Null or NullState.NonNull;

        public static readonly AbstractValue Unknown = default;
        public static readonly AbstractValue NullHandle = new AbstractValue(NullState.Null, BoolState.Unknown);
        public static readonly AbstractValue NonNullHandle = new AbstractValue(NullState.NonNull, BoolState.Unknown);
        public static readonly AbstractValue MaybeNullHandle = new AbstractValue(NullState.MaybeNull, BoolState.Unknown);
        public static readonly AbstractValue True = new AbstractValue(NullState.Unknown, BoolState.True);
        public static readonly AbstractValue False = new AbstractValue(NullState.Unknown, BoolState.False);

        public static AbstractValue OfBool(bool value) => value ? True : False;

        public bool IsDefinitelyTrue => Bool == BoolState.True;
        public bool IsDefinitelyFalse => Bool == BoolState.False;

        /// <summary>May be null on some path: the value LD0003 looks for.</summary>
        public bool MayBeNull => Null is NullState.Null or NullState.MaybeNull;

        public AbstractValue Negate() => Bool switch
        {
            BoolState.True => False,
            BoolState.False => True,
            _ => Unknown,
        };

        public static AbstractValue Join(AbstractValue a, AbstractValue b) =>
            new AbstractValue(JoinNull(a.Null, b.Null), a.Bool == b.Bool ? a.Bool : BoolState.Unknown)
            {
                Scope = Equals(a.Scope, b.Scope) ? a.Scope : null,

                // A must-alias: kept only where both paths agree.
                Alias = Equals(a.Alias, b.Alias) ? a.Alias : null,

                // May have been read under the lock, and may be stale, if so on either path; where both
                // paths say so differently, the first in a fixed order wins, so the join is commutative.
                ReadUnder = a.ReadUnder is null ? b.ReadUnder : b.ReadUnder is null ? a.ReadUnder
                    : string.CompareOrdinal(a.ReadUnder.ToString(), b.ReadUnder.ToString()) <= 0 ? a.ReadUnder : b.ReadUnder,
                StaleAfter = a.StaleAfter is null ? b.StaleAfter : b.StaleAfter is null ? a.StaleAfter
                    : a.StaleAfter.Syntax.SpanStart <= b.StaleAfter.Syntax.SpanStart ? a.StaleAfter : b.StaleAfter,
            };

        private static NullState JoinNull(NullState a, NullState b)
        {
            if (a == b)
            {
                return a;
            }

            if (a == NullState.MaybeNull || b == NullState.MaybeNull || a == NullState.Null || b == NullState.Null)
            {
                return NullState.MaybeNull;
            }

            return NullState.Unknown;
        }
    }
}

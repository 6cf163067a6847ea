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

    /// <summary>The abstract value of an expression or variable: its nullness and, for a <c>bool</c>, its truth.</summary>
    internal readonly record struct AbstractValue(NullState Null, BoolState Bool)
    {
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
            new AbstractValue(JoinNull(a.Null, b.Null), a.Bool == b.Bool ? a.Bool : BoolState.Unknown);

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

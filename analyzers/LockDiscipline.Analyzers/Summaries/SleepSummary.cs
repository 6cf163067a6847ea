using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.LockExpressions;

namespace LockDiscipline.Analyzers.Summaries
{
    internal enum SleepKind
    {
        Never,
        /// <summary>Sleeps, but only while the <see cref="SleepSummary.Drops"/> locks are released.</summary>
        Dropping,
        Always,
    }

    /// <summary>
    /// Whether calling a method might sleep, in the method's own terms: never; only with some of the
    /// caller's locks dropped (an inferred <c>[MayDrop]</c>); or always. Ordered Never &lt; Dropping(D)
    /// &lt; Dropping(D' ⊂ D) &lt; Always, so the inference is a monotone fixpoint.
    /// </summary>
    internal sealed class SleepSummary
    {
        public static readonly SleepSummary Never = new SleepSummary(SleepKind.Never, ImmutableArray<LockPath>.Empty, "");

        public SleepSummary(SleepKind kind, ImmutableArray<LockPath> drops, string chain)
        {
            Kind = kind;
            Drops = drops;
            Chain = chain;
        }

        public SleepKind Kind { get; }

        public ImmutableArray<LockPath> Drops { get; }

        /// <summary>How it comes to sleep, for messages: <c>Helper() → Inner() → 'Thread.Sleep'</c>.</summary>
        public string Chain { get; }

        public static SleepSummary Always(string chain) => new SleepSummary(SleepKind.Always, ImmutableArray<LockPath>.Empty, chain);

        /// <summary>Sleeps with <paramref name="drops"/> released; with none that the caller can name, it simply sleeps.</summary>
        public static SleepSummary Dropping(ImmutableArray<LockPath> drops, string chain) =>
            drops.IsEmpty || drops.Any(d => !d.IsRootedInSignature)
                ? Always(chain)
                : new SleepSummary(SleepKind.Dropping, drops, chain);

        public SleepSummary Join(SleepSummary other)
        {
            if (Kind == SleepKind.Never || other.Kind == SleepKind.Always)
            {
                return other.Kind == SleepKind.Never ? this : other;
            }

            if (other.Kind == SleepKind.Never || Kind == SleepKind.Always)
            {
                return this;
            }

            // Both drop: the call is safe only for the locks that every sleep drops.
            return Dropping(Drops.Where(other.Drops.Contains).ToImmutableArray(), Chain);
        }

        public bool SameAs(SleepSummary other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (Kind != other.Kind || Drops.Length != other.Drops.Length)
            {
                return false;
            }

            foreach (var drop in Drops)
            {
                if (!other.Drops.Contains(drop))
                {
                    return false;
                }
            }

            return true;
        }
    }
}

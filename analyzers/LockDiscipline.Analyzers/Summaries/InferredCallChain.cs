using System.Globalization;
using System.Linq;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// How many calls deep a lock taken beneath a call still counts, for LD0010, as taken under the
    /// caller's locks. The summaries that carry it are path-insensitive: every call of every method on the
    /// chain is assumed reachable. Each further call adds conditions the summary cannot see, so a chain of
    /// a dozen calls is more often an infeasible path than a deadlock (the one false LD0010 left on real
    /// code went through 14; the plausible half of the same cycle through 6), and its message names more
    /// calls than a reader can check. The bound is an <c>.editorconfig</c> option, read per file of the
    /// call made under the lock, as the interprocedural analyses of the SDK's own analyzers bound their
    /// call chains (<c>max_interprocedural_method_call_chain</c>); 0 lifts it.
    /// </summary>
    internal static class InferredCallChain
    {
        public const string OptionKey = "lockdiscipline.max_inferred_call_chain";

        /// <summary>The callee and at most seven calls beneath it.</summary>
        public const int DefaultMaxChain = 8;

        /// <summary>
        /// The bound set in <c>.editorconfig</c>: a positive count (one too large to hold is as good as none), 0 for
        /// none, or the default for anything else.
        /// </summary>
        public static int MaxChainFrom(string? optionText)
        {
            var text = optionText?.Trim();
            if (string.IsNullOrEmpty(text) || !text!.All(c => c is >= '0' and <= '9'))
            {
                return DefaultMaxChain;
            }

            return !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n == 0 ? int.MaxValue : n;
        }
    }
}

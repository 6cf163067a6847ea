using System.Globalization;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// Where a file's characters stop telling what its identifiers are: a <c>\u</c> (or <c>\U</c>) escape, or a
    /// formatting character, changes an identifier's value but not the text a search would find. The text-based
    /// shortcuts (<see cref="TextScreen"/>, <see cref="SpelledNames"/>) stand aside wherever this says so.
    /// </summary>
    internal static class IdentifierSpelling
    {
        /// <summary>True when <paramref name="c"/>, followed by <paramref name="next"/>, may hide an identifier's value.</summary>
        public static bool MayHideValue(char c, char next) =>
            (c == '\\' && (next == 'u' || next == 'U')) || (c >= 128 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);
    }
}

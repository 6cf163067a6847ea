using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// Where a file's characters stop telling what its identifiers are: a <c>\u</c> (or <c>\U</c>) escape, or a
    /// formatting character, changes an identifier's value but not the text a search would find. The text-based
    /// shortcuts (<see cref="TextScreen"/>, <see cref="SpelledNames"/>) stand aside wherever this says so, and
    /// only there: not for one inside a literal or a comment.
    /// </summary>
    internal static class IdentifierSpelling
    {
        /// <summary>True when <paramref name="c"/>, followed by <paramref name="next"/>, may hide an identifier's value.</summary>
        public static bool MayHideValue(char c, char next) =>
            (c == '\\' && (next == 'u' || next == 'U')) || (c >= 128 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

        /// <summary>
        /// Whether a character that <see cref="MayHideValue"/>, at <paramref name="position"/>, can change a name: only
        /// inside a token that is not a literal's text. In a string or character literal, a comment or other trivia
        /// (which a walk of the syntax does not enter either) it changes none. <paramref name="resumeAt"/> is where a
        /// scan may go on: past the literal, or past the character.
        /// </summary>
        public static bool ChangesAName(SyntaxNode root, int position, out int resumeAt)
        {
            var token = root.FindToken(position);
            if (token.Span.Contains(position) && IsLiteralText(token))
            {
                resumeAt = token.Span.End;
                return false;
            }

            resumeAt = position + 1;
            return token.Span.Contains(position); // outside the token's span is its trivia
        }

        private static bool IsLiteralText(SyntaxToken token) => token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken
            or SyntaxKind.InterpolatedStringTextToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken
            or SyntaxKind.Utf8StringLiteralToken or SyntaxKind.Utf8SingleLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken;
    }
}

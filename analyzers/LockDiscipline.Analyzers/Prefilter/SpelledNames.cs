using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// Where a name is spelled as a simple name (<c>x</c>, <c>M&lt;T&gt;</c>) below a node, in source order,
    /// as a walk of its syntax would list them. Found from the text: each place the characters spell the
    /// name is looked up as a token, so only the path down to it is built, not the node's whole tree.
    /// Where characters cannot tell an identifier's value (a <c>\u</c> escape, a formatting character, in a
    /// token that is not a literal), the node's syntax is walked instead. Not thread-safe: one per compilation-end pass.
    /// </summary>
    internal sealed class SpelledNames
    {
        private readonly Dictionary<SyntaxTree, string> _texts = new Dictionary<SyntaxTree, string>();
        private readonly Dictionary<SyntaxNode, bool> _plain = new Dictionary<SyntaxNode, bool>();
        private readonly CancellationToken _cancellationToken;

        public SpelledNames(CancellationToken cancellationToken)
        {
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// The simple names spelled <paramref name="name"/> below <paramref name="scope"/>. A place for which
        /// <paramref name="leftOut"/> is true is not looked up, and may or may not be listed: for a caller that would
        /// drop whatever name is found there (one inside a body it has read already).
        /// </summary>
        public List<SimpleNameSyntax> In(SyntaxNode scope, string name, Func<int, bool>? leftOut = null)
        {
            var text = TextOf(scope.SyntaxTree);
            if (name.Length == 0 || !IsPlain(scope, text))
            {
                return scope.DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.Identifier.ValueText == name).ToList();
            }

            var found = new List<SimpleNameSyntax>();
            var root = scope.SyntaxTree.GetRoot(_cancellationToken);
            var span = scope.Span;
            var end = span.End;
            var parsesCleanly = !root.ContainsDiagnostics;
            for (var at = IndexOf(text, name, span.Start, end); at >= 0; at = IndexOf(text, name, at + 1, end))
            {
                if (InsideALongerWord(text, at, name.Length, parsesCleanly))
                {
                    continue; // most places: `Flush` in `FlushAsync` or `_autoFlush`, never the name's own token
                }

                if (leftOut is not null && leftOut(at))
                {
                    continue;
                }

                var token = root.FindToken(at);
                // The name's own token (an identifier, or the keyword of `global::`), not a longer word containing it.
                if (token.ValueText == name
                    && (token.SpanStart == at || (token.SpanStart == at - 1 && text[at - 1] == '@'))
                    && token.Parent is SimpleNameSyntax simple && simple.Identifier == token)
                {
                    found.Add(simple);
                }
            }

            return found;
        }

        /// <summary>Whether <see cref="In"/> searches the text of <paramref name="scope"/> (true) or walks its syntax.</summary>
        public bool SearchesText(SyntaxNode scope) => IsPlain(scope, TextOf(scope.SyntaxTree));

        /// <summary>
        /// True when the characters at <paramref name="at"/> cannot be a whole identifier token: an identifier
        /// character follows them (an identifier runs on through every one, and in a plain text none of them is a
        /// formatting character that a value leaves out), or, in a file that parses without error, one precedes them.
        /// There only a token the name continues ends in such a character, since two tokens that touch that way, a
        /// number then a name (<c>1uAdd</c>), are always a syntax error. Such a place is then skipped unlooked-up.
        /// </summary>
        private static bool InsideALongerWord(string text, int at, int length, bool parsesCleanly) =>
            (at + length < text.Length && SyntaxFacts.IsIdentifierPartCharacter(text[at + length]))
            || (parsesCleanly && at > 0 && SyntaxFacts.IsIdentifierPartCharacter(text[at - 1]));

        private static int IndexOf(string text, string name, int from, int end) =>
            from + name.Length > end ? -1 : text.IndexOf(name, from, end - from, StringComparison.Ordinal);

        private string TextOf(SyntaxTree tree)
        {
            if (!_texts.TryGetValue(tree, out var text))
            {
                _texts[tree] = text = tree.GetText(_cancellationToken).ToString();
            }

            return text;
        }

        /// <summary>
        /// True when no identifier in the node's text can have a value its characters do not spell. A character that
        /// may hide a value counts only in a token that is not a literal: inside a string or character literal, a
        /// comment or other trivia (which a walk of the syntax does not enter either), it changes no name.
        /// </summary>
        private bool IsPlain(SyntaxNode scope, string text)
        {
            if (!_plain.TryGetValue(scope, out var plain))
            {
                // A plain file has only plain parts. Whether the file is plain is kept across compilations (a compiler
                // server's next build has new trees of the same texts): a part is read only in a file that is not.
                var root = scope.SyntaxTree.GetRoot(_cancellationToken);
                if (!_plain.TryGetValue(root, out var rootPlain))
                {
                    // Asked once a pass for each file: the memo compares the whole text.
                    _plain[root] = rootPlain = ReferenceEquals(PlainAcrossCompilations.Get(root.SyntaxTree, "", _ => Scan(root, text, root) ? Plain : NotPlain), Plain);
                }

                plain = rootPlain || (scope != root && Scan(scope, text, root));
                _plain[scope] = plain;
            }

            return plain;
        }

        private static readonly SameTextMemo<object> PlainAcrossCompilations = new SameTextMemo<object>(maxChars: 1L << 24);
        private static readonly object Plain = new object();
        private static readonly object NotPlain = new object();

        private static bool Scan(SyntaxNode scope, string text, SyntaxNode root)
        {
            var span = scope.Span; // computed from the first token's trivia: not once per character
            for (var i = span.Start; i < span.End; i++)
            {
                if (!IdentifierSpelling.MayHideValue(text[i], i + 1 < text.Length ? text[i + 1] : ' '))
                {
                    continue;
                }

                if (IdentifierSpelling.ChangesAName(root, i, out var resumeAt))
                {
                    return false;
                }

                i = resumeAt - 1;
            }

            return true;
        }
    }
}

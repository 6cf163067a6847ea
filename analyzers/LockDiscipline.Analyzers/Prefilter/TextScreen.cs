using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// A first, cheaper look at a file for the <see cref="SyntacticPrefilter"/>. One pass over the file's
    /// characters records where it spells something the pre-filter could care about:
    /// - a word that is a relevant name;
    /// - <c>lock</c> or <c>from</c>;
    /// - a <c>[</c> (an indexer, or an attribute on a lambda);
    /// - a <c>{</c> when <c>Add</c> is relevant (a collection initializer calls it unspelled).
    ///
    /// A body with none of them in its span needs no look at its syntax. The screen is conservative:
    /// comments, strings and declarations count too, and the pre-filter decides, from the syntax at these places,
    /// for every body the screen lets through.
    ///
    /// It stands aside, letting everything through, wherever characters alone cannot tell what an identifier
    /// is: a <c>\u</c> escape or a formatting character outside literals and comments (both change an identifier's
    /// value but not its spelling), or annotated constructors (a primary constructor's base call spells no keyword).
    ///
    /// The same pass keeps a small Bloom filter of every word the file spells (<see cref="MaySpell"/>), so that the
    /// compilation's end, searching the whole compilation for a method's callers, skips the files that never spell
    /// its name: kept with the screen, from one compiler-server build to the next.
    /// </summary>
    internal sealed class TextScreen
    {
        private static readonly TextScreen Open = new TextScreen(null, null);

        private readonly List<int>? _hits; // ascending; null: everything may matter
        private readonly WordFilter? _words; // null: the screen stood aside, and any word may be spelled

        private TextScreen(List<int>? hits, WordFilter? words)
        {
            _hits = hits;
            _words = words;
        }

        public static TextScreen For(SyntaxTree tree, LockRelevantNames names, CancellationToken cancellation) =>
            names.ConstructorsMatter || !tree.TryGetText(out _)
                ? Open
                : AcrossCompilations.Get(tree, names.Fingerprint, t => Read(t, names, cancellation));

        /// <summary>For a new tree of a text already screened for the same names (a compiler server's next compilation), that screen.</summary>
        private static readonly SameTextMemo<TextScreen> AcrossCompilations = new SameTextMemo<TextScreen>(maxChars: 1L << 24);

        private static TextScreen Read(SyntaxTree tree, LockRelevantNames names, CancellationToken cancellation)
        {
            var text = tree.GetText(cancellation);

            var sought = SoughtWords.GetValue(names, ByHash);
            var braces = names.Contains("Add");
            var hits = new List<int>();
            var length = text.Length;
            var chars = Buffer(length + 1);
            text.CopyTo(0, chars, 0, length);
            chars[length] = ' '; // ends the last word
            var wordStart = -1;
            var wordHash = 0;
            var words = new WordFilter(length);
            SyntaxNode? root = null;
            for (var i = 0; i <= length; i++)
            {
                if ((i & 0xFFFF) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                var c = chars[i];
                if (IsWordPart(c))
                {
                    if (wordStart < 0)
                    {
                        wordStart = i;
                        wordHash = 0;
                    }

                    wordHash = Step(wordHash, c);
                    continue;
                }

                if (wordStart >= 0)
                {
                    words.Add(wordHash);
                    if (sought.TryGetValue(wordHash, out var candidates) && Spells(chars, wordStart, i - wordStart, candidates))
                    {
                        hits.Add(wordStart);
                    }

                    wordStart = -1;
                }

                if (c == '[' || (braces && c == '{'))
                {
                    hits.Add(i);
                }
                else if (IdentifierSpelling.MayHideValue(c, i < length ? chars[i + 1] : ' ')
                    && IdentifierSpelling.ChangesAName(root ??= tree.GetRoot(cancellation), i, out _))
                {
                    return Open; // one in a literal or a comment changes no name: the scan goes on
                }
            }

            return new TextScreen(hits, words);
        }

        /// <summary>
        /// False only when the file spells no word <paramref name="word"/>: no identifier of that value then stands
        /// in it, if it parses without error (a word is a maximal run of identifier characters, and in such a file an
        /// identifier is one; see <c>SpelledNames</c>). True when the screen stood aside, or the name has a character no
        /// word holds (one outside the basic plane is two characters, neither a letter).
        /// </summary>
        public bool MaySpell(string word)
        {
            if (_words is null || word.Length == 0)
            {
                return true;
            }

            var hash = 0;
            foreach (var c in word)
            {
                if (!IsWordPart(c))
                {
                    return true;
                }

                hash = Step(hash, c);
            }

            return _words.MayContain(hash);
        }

        /// <summary>
        /// A Bloom filter of word hashes, two probes, about eight bits per four characters of text: most files spell a
        /// few hundred distinct words, and a miss saves a search of the file's text.
        /// </summary>
        private sealed class WordFilter
        {
            private readonly ulong[] _bits;
            private readonly int _mask;

            public WordFilter(int textLength)
            {
                var bits = 512;
                while (bits < textLength / 4 && bits < (1 << 20))
                {
                    bits <<= 1;
                }

                _bits = new ulong[bits / 64];
                _mask = bits - 1;
            }

            public void Add(int hash)
            {
                Set(First(hash));
                Set(Second(hash));
            }

            public bool MayContain(int hash) => IsSet(First(hash)) && IsSet(Second(hash));

            private int First(int hash) => hash & _mask;

            private int Second(int hash) => (int)(unchecked((uint)hash * 0x9E3779B1u) >> 11) & _mask;

            private void Set(int bit) => _bits[bit >> 6] |= 1UL << (bit & 63);

            private bool IsSet(int bit) => (_bits[bit >> 6] & (1UL << (bit & 63))) != 0;
        }

        // The sought words by hash, compared character by character: no string is made for a word. Once per compilation.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LockRelevantNames, Dictionary<int, List<string>>> SoughtWords =
            new System.Runtime.CompilerServices.ConditionalWeakTable<LockRelevantNames, Dictionary<int, List<string>>>();

        private static Dictionary<int, List<string>> ByHash(LockRelevantNames names)
        {
            var sought = new Dictionary<int, List<string>>();
            foreach (var name in names.Names.Concat(new[] { "lock", "from" }))
            {
                var hash = 0;
                foreach (var c in name)
                {
                    hash = Step(hash, c);
                }

                if (!sought.TryGetValue(hash, out var same))
                {
                    sought[hash] = same = new List<string>();
                }

                same.Add(name);
            }

            return sought;
        }

        [ThreadStatic]
        private static char[]? _buffer;

        /// <summary>
        /// One buffer per thread, grown as needed: a file's text is read into it, not into a new string. A very large
        /// file gets a buffer of its own, so that a long-lived process (the IDE) keeps no such buffer per thread.
        /// </summary>
        private static char[] Buffer(int length)
        {
            if (length > MaxKeptBuffer)
            {
                return new char[length];
            }

            if (_buffer is null || _buffer.Length < length)
            {
                _buffer = new char[Math.Max(length, 4096)];
            }

            return _buffer;
        }

        private const int MaxKeptBuffer = 1 << 18;

        private static int Step(int hash, char c) => unchecked(hash * 31 + c);

        private static bool Spells(char[] buffer, int start, int length, List<string> candidates)
        {
            foreach (var candidate in candidates)
            {
                if (candidate.Length != length)
                {
                    continue;
                }

                var same = true;
                for (var i = 0; i < length && same; i++)
                {
                    same = buffer[start + i] == candidate[i];
                }

                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>False only when nothing the pre-filter looks for is spelled inside <paramref name="span"/>.</summary>
        public bool MayMatter(TextSpan span)
        {
            if (_hits is null)
            {
                return true;
            }

            var first = FirstHitAtOrAfter(span.Start);
            return first < _hits.Count && _hits[first] < span.End;
        }

        /// <summary>True when characters could not tell (see the class): every body may matter, and only its syntax can say.</summary>
        public bool StoodAside => _hits is null;

        /// <summary>
        /// The positions inside <paramref name="span"/> where a sought word starts or a <c>[</c> or <c>{</c> stands,
        /// ascending, into <paramref name="into"/> (cleared first). Not to be asked when the screen <see cref="StoodAside"/>.
        /// </summary>
        public void HitsIn(TextSpan span, List<int> into)
        {
            into.Clear();
            for (var i = FirstHitAtOrAfter(span.Start); i < _hits!.Count && _hits[i] < span.End; i++)
            {
                into.Add(_hits[i]);
            }
        }

        // The index of the first hit at or after the position, by binary search.
        private int FirstHitAtOrAfter(int position)
        {
            int low = 0, high = _hits!.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (_hits[middle] < position)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        // '@' is not part of a word: a verbatim identifier (@lock) spells the word after it.
        private static bool IsWordPart(char c) => c < 128
            ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
            : char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.LetterNumber;
    }
}

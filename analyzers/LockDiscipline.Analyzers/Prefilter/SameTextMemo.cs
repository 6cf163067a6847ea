using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// What was read from one file's text, kept from one compilation to the next. A compiler server, or a
    /// build after an edit, parses every file again into new trees, though most files' texts have not changed;
    /// an editor keeps its trees, which the per-tree tables already serve. A value is reused only for the same
    /// path, parse options (preprocessor symbols included), key (what else the value depends on) and text,
    /// compared in full: it is what the same computation would give again. Bounded, roughly (threads race on the
    /// count), by the characters of the texts it keeps alive; past that it starts afresh.
    /// </summary>
    internal sealed class SameTextMemo<TValue>
        where TValue : class
    {
        private readonly ConcurrentDictionary<(string Path, ParseOptions Options), Entry> _entries =
            new ConcurrentDictionary<(string, ParseOptions), Entry>();

        private readonly long _maxChars;
        private long _chars;

        public SameTextMemo(long maxChars)
        {
            _maxChars = maxChars;
        }

        /// <summary>The value computed for this tree's text, options and <paramref name="key"/>, computed now if it is not kept.</summary>
        public TValue Get(SyntaxTree tree, string key, Func<SyntaxTree, TValue> compute)
        {
            if (string.IsNullOrEmpty(tree.FilePath) || !tree.TryGetText(out var text))
            {
                return compute(tree); // no name to find it by, or no text in memory to compare with
            }

            var at = (tree.FilePath, tree.Options);
            if (_entries.TryGetValue(at, out var kept) && string.Equals(kept.Key, key, StringComparison.Ordinal)
                && (ReferenceEquals(kept.Text, text) || kept.Text.ContentEquals(text)))
            {
                return kept.Value;
            }

            var value = compute(tree);
            Keep(at, new Entry(text, key, value), kept);
            return value;
        }

        private void Keep((string, ParseOptions) at, Entry entry, Entry? replaced)
        {
            var added = entry.Text.Length - (replaced?.Text.Length ?? 0);
            if (Interlocked.Add(ref _chars, added) > _maxChars)
            {
                _entries.Clear();
                Interlocked.Exchange(ref _chars, 0);
                return;
            }

            _entries[at] = entry;
        }

        private sealed record Entry(SourceText Text, string Key, TValue Value);
    }
}

using System.Collections;
using System.Collections.Generic;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>
    /// The tracked variables' values on one path: an immutable map kept as a small array, since a
    /// body tracks a handful of variables and a linear scan of a few entries beats hashing (and
    /// allocates one array per change instead of a tree of nodes).
    /// </summary>
    internal sealed class ValueMap : IEnumerable<KeyValuePair<VariableKey, AbstractValue>>
    {
        public static readonly ValueMap Empty = new ValueMap(new KeyValuePair<VariableKey, AbstractValue>[0]);

        private readonly KeyValuePair<VariableKey, AbstractValue>[] _entries;

        private ValueMap(KeyValuePair<VariableKey, AbstractValue>[] entries)
        {
            _entries = entries;
        }

        public int Count => _entries.Length;

        public bool TryGetValue(VariableKey key, out AbstractValue value)
        {
            foreach (var entry in _entries)
            {
                if (entry.Key.Equals(key))
                {
                    value = entry.Value;
                    return true;
                }
            }

            value = default;
            return false;
        }

        public ValueMap SetItem(VariableKey key, AbstractValue value)
        {
            for (var i = 0; i < _entries.Length; i++)
            {
                if (_entries[i].Key.Equals(key))
                {
                    var copy = (KeyValuePair<VariableKey, AbstractValue>[])_entries.Clone();
                    copy[i] = new KeyValuePair<VariableKey, AbstractValue>(key, value);
                    return new ValueMap(copy);
                }
            }

            var grown = new KeyValuePair<VariableKey, AbstractValue>[_entries.Length + 1];
            _entries.CopyTo(grown, 0);
            grown[_entries.Length] = new KeyValuePair<VariableKey, AbstractValue>(key, value);
            return new ValueMap(grown);
        }

        /// <summary>The pointwise join of two paths' values (a variable missing on one side has that side's default).</summary>
        public static ValueMap Join(PathState a, PathState b)
        {
            // a's keys, then b's that a lacks, in their order; the array sized first, so no list is grown and copied.
            var onlyInB = 0;
            foreach (var entry in b.Values._entries)
            {
                if (!a.Values.TryGetValue(entry.Key, out _))
                {
                    onlyInB++;
                }
            }

            var joined = new KeyValuePair<VariableKey, AbstractValue>[a.Values.Count + onlyInB];
            var next = 0;
            foreach (var entry in a.Values._entries)
            {
                joined[next++] = new KeyValuePair<VariableKey, AbstractValue>(entry.Key, AbstractValue.Join(entry.Value, b.ValueOf(entry.Key)));
            }

            foreach (var entry in b.Values._entries)
            {
                if (!a.Values.TryGetValue(entry.Key, out _))
                {
                    joined[next++] = new KeyValuePair<VariableKey, AbstractValue>(entry.Key, AbstractValue.Join(a.ValueOf(entry.Key), entry.Value));
                }
            }

            return new ValueMap(joined);
        }

        /// <summary>The entries, for <c>foreach</c> without an enumerator object: the lattice compares maps at every merge.</summary>
        public Enumerator GetEnumerator() => new Enumerator(_entries);

        IEnumerator<KeyValuePair<VariableKey, AbstractValue>> IEnumerable<KeyValuePair<VariableKey, AbstractValue>>.GetEnumerator() =>
            ((IEnumerable<KeyValuePair<VariableKey, AbstractValue>>)_entries).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

        public struct Enumerator
        {
            private readonly KeyValuePair<VariableKey, AbstractValue>[] _entries;
            private int _index;

            internal Enumerator(KeyValuePair<VariableKey, AbstractValue>[] entries)
            {
                _entries = entries;
                _index = -1;
            }

            public KeyValuePair<VariableKey, AbstractValue> Current => _entries[_index];

            public bool MoveNext() => ++_index < _entries.Length;
        }
    }
}

using System.Collections.Generic;
using LockDiscipline;

namespace DotNetLocks
{
    /// <summary>
    /// A cache with two locks, one for the entries and one for the statistics. Get takes the entries
    /// lock and then the statistics lock; Evict, written later by someone else, takes them the other
    /// way round. Two threads, one in each, deadlock: LD0010 finds it across the two methods.
    /// </summary>
    public sealed class BuggyCache
    {
        private readonly object _entriesGate = new object();
        private readonly object _statsGate = new object();
        private readonly Dictionary<string, string> _entries = new Dictionary<string, string>();
        private long _hits;

        public string? Get(string key)
        {
            lock (_entriesGate)
            {
                if (!_entries.TryGetValue(key, out var value))
                {
                    return null;
                }

                lock (_statsGate) // expect: LD0010
                {
                    _hits++;
                }

                return value;
            }
        }

        public void Evict(string key)
        {
            lock (_statsGate)
            {
                _hits = 0;
                lock (_entriesGate)
                {
                    _entries.Remove(key);
                }
            }
        }
    }

    /// <summary>
    /// The same cache with its order declared once, on the fields, and kept: statistics are updated
    /// under the entries lock in both methods. [GuardedBy] says which lock protects what.
    /// </summary>
    public sealed class Cache
    {
        [AcquiredBefore(typeof(Cache), nameof(_statsGate))]
        private readonly object _entriesGate = new object();
        private readonly object _statsGate = new object();

        [GuardedBy(nameof(_entriesGate))]
        private readonly Dictionary<string, string> _entries = new Dictionary<string, string>();

        [GuardedBy(nameof(_statsGate))]
        private long _hits;

        public string? Get(string key)
        {
            lock (_entriesGate)
            {
                if (!_entries.TryGetValue(key, out var value))
                {
                    return null;
                }

                lock (_statsGate)
                {
                    _hits++;
                }

                return value;
            }
        }

        public void Evict(string key)
        {
            lock (_entriesGate)
            {
                _entries.Remove(key);
                lock (_statsGate)
                {
                    _hits = 0;
                }
            }
        }
    }
}

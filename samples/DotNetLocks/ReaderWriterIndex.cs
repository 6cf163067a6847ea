using System.Collections.Generic;
using System.Threading;
using LockDiscipline;

namespace DotNetLocks
{
    /// <summary>A name → id index under a <c>ReaderWriterLockSlim</c>, with the mistakes such indexes collect.</summary>
    public sealed class BuggyIndex
    {
        private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
        private bool _tracing;

        [GuardedBy(nameof(_rw))]
        private readonly Dictionary<string, int> _ids = new Dictionary<string, int>();

        [GuardedBy(nameof(_rw))]
        private int _version;

        public int GetOrAdd(string name)
        {
            _rw.EnterReadLock();
            if (_ids.TryGetValue(name, out var id))
            {
                _rw.ExitReadLock();
                return id;
            }

            _rw.EnterWriteLock(); // expect: LD0005
            id = _ids.Count;
            _ids[name] = id;
            _rw.ExitWriteLock();
            _rw.ExitReadLock();
            return id;
        }

        public void Bump()
        {
            _rw.EnterReadLock();
            _version++; // expect: LD0008
            _rw.ExitWriteLock(); // expect: LD0006
        }

        public int Traced(string name)
        {
            if (_tracing) _rw.EnterReadLock(); // expect: LD0007
            var found = _ids.Count;
            if (_tracing) _rw.ExitReadLock();
            return found;
        }

        public int VersionAfterCompaction()
        {
            _rw.EnterWriteLock();
            var version = _version;
            Compact();
            var stale = version; // expect: LD0011
            _rw.ExitWriteLock();
            return stale;
        }

        public void Rebuild()
        {
            _rw.EnterWriteLock();
            Reload(); // expect: LD0012
            _rw.ExitWriteLock();
        }

        /// <summary>Gives other threads a turn: drops the write lock and takes it again.</summary>
        [MayDrop("_rw")]
        private void Compact()
        {
            _rw.ExitWriteLock();
            Thread.Yield();
            _rw.EnterWriteLock();
        }

        [Excludes("_rw")]
        private void Reload()
        {
            _rw.EnterWriteLock();
            _ids.Clear();
            _rw.ExitWriteLock();
        }

        /// <summary>Turns tracing on or off at any time: so the two tests in <see cref="Traced"/> may disagree.</summary>
        public void SetTracing(bool on) => _tracing = on;
    }

    /// <summary>The same index done right: upgradeable reads, matching exits, values read again after the lock was dropped.</summary>
    public sealed class Index
    {
        private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

        [GuardedBy(nameof(_rw))]
        private readonly Dictionary<string, int> _ids = new Dictionary<string, int>();

        [GuardedBy(nameof(_rw))]
        private int _version;

        public int GetOrAdd(string name)
        {
            _rw.EnterUpgradeableReadLock();
            try
            {
                if (_ids.TryGetValue(name, out var id))
                {
                    return id;
                }

                _rw.EnterWriteLock();
                try
                {
                    id = _ids.Count;
                    _ids[name] = id;
                    _version++;
                    return id;
                }
                finally
                {
                    _rw.ExitWriteLock();
                }
            }
            finally
            {
                _rw.ExitUpgradeableReadLock();
            }
        }

        public int VersionAfterCompaction()
        {
            _rw.EnterWriteLock();
            Compact();
            var version = _version;
            _rw.ExitWriteLock();
            return version;
        }

        [MayDrop("_rw")]
        private void Compact()
        {
            _rw.ExitWriteLock();
            Thread.Yield();
            _rw.EnterWriteLock();
        }
    }
}

using System.Collections.Generic;
using System.Threading;
using LockDiscipline;

namespace DotNetLocks
{
    /// <summary>A work queue guarded by a <c>SpinLock</c>, with the mistakes such queues collect.</summary>
    public sealed class BuggySpinQueue
    {
        private SpinLock _spin = new SpinLock(enableThreadOwnerTracking: false);

        [GuardedBy(nameof(_spin))]
        private readonly Queue<int> _items = new Queue<int>();

        public void Enqueue(int item)
        {
            var taken = false;
            _spin.Enter(ref taken);
            _items.Enqueue(item);
            if (_items.Count > 1000)
            {
                Thread.Sleep(1); // expect: LD0002
            }

            _spin.Exit();
        }

        public bool TryDequeue(out int item)
        {
            var taken = false;
            _spin.Enter(ref taken); // expect: LD0004
            if (_items.Count == 0)
            {
                item = 0;
                return false; // returns holding the lock
            }

            item = _items.Dequeue();
            _spin.Exit();
            return true;
        }

        public int Count => _items.Count; // expect: LD0008

        public void Clear()
        {
            var taken = false;
            _spin.TryEnter(ref taken);
            _items.Clear(); // expect: LD0008
            _spin.Exit(); // expect: LD0006
        }
    }

    /// <summary>The same queue done right: try/finally with the lockTaken flag, no sleeping inside.</summary>
    public sealed class SpinQueue
    {
        private SpinLock _spin = new SpinLock(enableThreadOwnerTracking: false);

        [GuardedBy(nameof(_spin))]
        private readonly Queue<int> _items = new Queue<int>();

        public void Enqueue(int item)
        {
            var full = false;
            var taken = false;
            try
            {
                _spin.Enter(ref taken);
                _items.Enqueue(item);
                full = _items.Count > 1000;
            }
            finally
            {
                if (taken) _spin.Exit();
            }

            if (full)
            {
                Thread.Sleep(1);
            }
        }

        public bool TryDequeue(out int item)
        {
            var taken = false;
            try
            {
                _spin.Enter(ref taken);
                return _items.TryDequeue(out item);
            }
            finally
            {
                if (taken) _spin.Exit();
            }
        }

        public void Clear()
        {
            var taken = false;
            _spin.TryEnter(ref taken);
            if (taken)
            {
                _items.Clear();
                _spin.Exit();
            }
        }
    }
}

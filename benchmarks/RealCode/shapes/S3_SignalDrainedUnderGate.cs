using System.Collections.Generic;
using System.Threading;

// Shape S3: a worker blocks on a signal semaphore with no lock held, then takes the state lock and
// swallows surplus permits (only while CurrentCount > 0, so that Wait() cannot block). Producers
// Release() the signal under the state lock; Release never blocks. There is no lock-order cycle.
public sealed class TickLoop
{
    private readonly object _state = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Queue<int> _pending = new();
    private bool _closed;

    public void Add(int job)
    {
        lock (_state)
        {
            _pending.Enqueue(job);
            _signal.Release();
        }
    }

    public void Close()
    {
        lock (_state)
        {
            _closed = true;
            _signal.Release();
        }
    }

    public void Loop(List<int> sink)
    {
        while (true)
        {
            _signal.Wait();

            lock (_state)
            {
                while (_signal.CurrentCount > 0)
                {
                    _signal.Wait();
                }

                if (_closed)
                {
                    return;
                }

                while (_pending.Count > 0)
                {
                    sink.Add(_pending.Dequeue());
                }
            }
        }
    }
}

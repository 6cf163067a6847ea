using System;
using System.Collections.Concurrent;
using System.Threading;

// Shape S2: a consumer loop that takes one permit of a counting SemaphoreSlim per queued item;
// producers call Release() once per item. Wait() here is "take an item", not "take a lock".
public sealed class MailboxPump
{
    private readonly ConcurrentQueue<string> _inbox = new();
    private readonly SemaphoreSlim _available = new(0);
    private volatile bool _stopped;

    public void Post(string message)
    {
        _inbox.Enqueue(message);
        _available.Release();
    }

    public void Stop()
    {
        _stopped = true;
        _available.Release();
    }

    public void Pump(Action<string> handle)
    {
        while (true)
        {
            _available.Wait();

            if (_stopped)
            {
                return;
            }

            if (_inbox.TryDequeue(out var message))
            {
                handle(message);
            }
        }
    }
}

using System.Threading;

// Shape S1: a SemaphoreSlim used as a wake-up counter; stale permits are drained with a
// non-blocking Wait(0) loop. No permit is ever "held" as a lock.
public sealed class WakeupSource
{
    private readonly object _flagsGate = new();
    private readonly SemaphoreSlim _wakeups = new(0);
    private bool _dirty;

    public void Reset()
    {
        lock (_flagsGate)
        {
            _dirty = false;
        }

        while (_wakeups.Wait(0)) { }
    }

    public void Poke()
    {
        lock (_flagsGate)
        {
            _dirty = true;
        }

        _wakeups.Release();
    }

    public bool IsDirty { get { lock (_flagsGate) { return _dirty; } } }
}

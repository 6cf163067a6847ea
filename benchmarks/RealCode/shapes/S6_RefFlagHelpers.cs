using System;
using System.Threading;

// Shape S6: a pair of lock helpers keyed on a caller-owned `ref bool` flag (the Monitor.TryEnter
// idiom lifted into methods). Acquire sets the flag exactly when it took the monitor; Release
// releases exactly when the flag is set. Every caller uses try/finally.
public class FrameSink
{
    private int _pending;

    protected void Grab(ref bool taken)
    {
        if (!taken)
        {
            Monitor.TryEnter(this, 5_000, ref taken);
            if (!taken) throw new TimeoutException("sink busy");
        }
    }

    protected void Drop(ref bool taken)
    {
        if (taken)
        {
            Monitor.Exit(this);
            taken = false;
        }
    }

    public void Push(int n)
    {
        bool taken = false;
        try
        {
            Grab(ref taken);
            _pending += n;
        }
        finally
        {
            Drop(ref taken);
        }
    }
}

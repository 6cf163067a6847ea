using System.Collections.Generic;
using System.Threading;

// Shape S5: hand-over-hand (lock coupling) through a variable that is reassigned: take the next
// monitor, release the previous one through the variable that still names it, then move the
// variable on. The last one is released in finally; the variable is null exactly when nothing is held.
public static class ChainWaiter
{
    public static bool WaitForLast(IReadOnlyList<object> slots, int timeoutMs)
    {
        object? held = null;
        try
        {
            foreach (var slot in slots)
            {
                Monitor.Enter(slot);
                if (held != null) Monitor.Exit(held);
                held = slot;
            }

            if (held != null)
            {
                var signalled = Monitor.Wait(held, timeoutMs);
                Monitor.Exit(held);
                held = null;
                return signalled;
            }

            return true;
        }
        finally
        {
            if (held != null) Monitor.Exit(held);
        }
    }
}

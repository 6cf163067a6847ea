using System.Collections.Generic;

// Shape S4: the order is always Outer then Inner. One path takes Outer, then Inner, then calls a
// helper that takes Outer again - a re-entry of a Monitor this thread already holds, which cannot
// block and so adds no Inner -> Outer edge.
public sealed class TwoLevelQueue
{
    private static readonly object Outer = new();
    private static readonly object Inner = new();
    private static readonly Queue<int> Slow = new();
    private static readonly Queue<int> Fast = new();

    private static void MoveToFast(int item)
    {
        lock (Inner)
        {
            Fast.Enqueue(item);
        }
    }

    private static void Promote()
    {
        lock (Outer)
        {
            while (Slow.Count > 0)
            {
                MoveToFast(Slow.Dequeue());
            }
        }
    }

    public static void Rebalance()
    {
        lock (Outer)
        {
            lock (Inner)
            {
                while (Fast.Count > 0)
                {
                    Slow.Enqueue(Fast.Dequeue());
                }

                Promote();
            }
        }
    }
}

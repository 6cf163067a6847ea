using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// Hand-over-hand locking (lock coupling) through a variable that is reassigned: the next monitor is
    /// entered, the previous one is exited through the variable that still names it, and the variable moves
    /// on (shape S5 of benchmarks/RealCode/DIAGNOSTICS.md). The lock follows the value through the
    /// assignment, and the variable's nullness tells "holds one" from "holds none".
    /// </summary>
    public class HandOverHandTests
    {
        [Fact]
        public Task ForeachCoupling_WaitOnTheLast_ReleasedInFinally_NoWarning() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;
public static class Relay
{
    public static bool AwaitTail(IReadOnlyList<object> stations, int patienceMs)
    {
        object? holding = null;
        try
        {
            foreach (var station in stations)
            {
                Monitor.Enter(station);
                if (holding != null) Monitor.Exit(holding);
                holding = station;
            }

            if (holding != null)
            {
                var pulsed = Monitor.Wait(holding, patienceMs);
                Monitor.Exit(holding);
                holding = null;
                return pulsed;
            }

            return true;
        }
        finally
        {
            if (holding != null) Monitor.Exit(holding);
        }
    }
}");

        [Fact]
        public Task ForLoopCoupling_VariableDeclaredInTheBody_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Rungs
{
    private readonly object[] _rungs = { new object(), new object(), new object() };

    public int Climb()
    {
        object? below = null;
        var steps = 0;
        try
        {
            for (var i = 0; i < _rungs.Length; i++)
            {
                var above = _rungs[i];
                Monitor.Enter(above);
                if (below != null)
                {
                    Monitor.Exit(below);
                }

                below = above;
                steps++;
            }
        }
        finally
        {
            if (below != null) Monitor.Exit(below);
        }

        return steps;
    }
}");

        [Fact]
        public Task IteratorCoupling_YieldWhileHolding_TwoPhases_NoWarning() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;
public sealed class Ticket { public object? Slip; public int Number; }
public sealed class Batch
{
    private readonly object[] _guards = { new object(), new object() };
    private readonly Ticket[] _tickets = { new Ticket(), new Ticket() };

    public IEnumerable<int> Issue(bool confirmEach, int patienceMs)
    {
        object? previous = null;
        try
        {
            for (var g = 0; g < _guards.Length; g++)
            {
                object current = _guards[g];
                Monitor.Enter(current);
                if (previous != null) Monitor.Exit(previous);
                previous = current;
                yield return -g;
            }

            if (!confirmEach && previous != null)
            {
                Monitor.Wait(previous, patienceMs);
                Monitor.Exit(previous);
                previous = null;
            }

            foreach (var ticket in _tickets)
            {
                if (confirmEach)
                {
                    object? slip = ticket.Slip;
                    if (slip != null)
                    {
                        Monitor.Enter(slip);
                        if (previous != null) Monitor.Exit(previous);
                        previous = slip;
                    }
                }

                yield return ticket.Number;
            }

            if (confirmEach && previous != null)
            {
                if (!Monitor.Wait(previous, patienceMs))
                {
                    yield return 0;
                }

                Monitor.Exit(previous);
                previous = null;
            }
        }
        finally
        {
            if (previous != null) Monitor.Exit(previous);
        }
    }
}");

        [Fact]
        public Task PropertyOfTheLoopVariable_EnteredOnlyWhenNonNull_NoWarning() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;
public sealed class Parcel { public object? Seal { get; set; } }
public static class Courier
{
    public static void SealAll(List<Parcel> parcels, bool strict)
    {
        object? sealedLast = null;
        try
        {
            foreach (var parcel in parcels)
            {
                if (strict && parcel.Seal != null)
                {
                    Monitor.Enter(parcel.Seal);
                    if (sealedLast != null) Monitor.Exit(sealedLast);
                    sealedLast = parcel.Seal;
                }
            }
        }
        finally
        {
            if (sealedLast != null) Monitor.Exit(sealedLast);
        }
    }
}");

        /// <summary>
        /// LD0015 accepts a lock of the same class only when it is held since the very same acquisition on an
        /// earlier iteration (coupling); two instances nested at two sites in a loop's body are still its case.
        /// </summary>
        [Fact]
        public Task TwoInstancesNestedAtTwoSites_InALoop_Warns() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;
public sealed class Parcel { public object Seal = new object(); }
public static class Pairs
{
    public static void SealPairs(List<(Parcel Outer, Parcel Inner)> pairs)
    {
        foreach (var pair in pairs)
        {
            Monitor.Enter(pair.Outer.Seal);
            {|#0:Monitor.Enter(pair.Inner.Seal)|};
            Monitor.Exit(pair.Inner.Seal);
            Monitor.Exit(pair.Outer.Seal);
        }
    }
}", Verify.Warning("LD0015").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations));

        [Fact]
        public Task ReleaseThroughTheOriginalName_AfterTheAssignment_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public static class Baton
{
    public static void Pass(object runner)
    {
        object? carrier = null;
        Monitor.Enter(runner);
        carrier = runner;
        carrier.GetHashCode();
        Monitor.Exit(runner);
    }
}");

        [Fact]
        public Task LockStatementOperand_CopiedAndMovedOn_NoWarning() => Verify.Diagnostics(@"
public sealed class Link { public Link? Next; public int Value; }
public static class Chain
{
    public static int Sum(Link? head)
    {
        var total = 0;
        Link? visited = null;
        var node = head;
        while (node != null)
        {
            lock (node)
            {
                total += node.Value;
                visited = node;
                node = node.Next;
            }
        }

        return total + (visited?.Value ?? 0);
    }
}");

        /// <summary>
        /// Forgetting to exit the previous monitor: from the second iteration on, the loop head is reached
        /// holding one more monitor that no variable names any more, and nothing tells those iterations from
        /// the first. That is LD0007 at the enter (the loop's imbalance, where it is made); once reported, the
        /// lock is uncorrelated and LD0004 leaves it alone, as it does for every LD0007.
        /// </summary>
        [Fact]
        public Task ForeachCoupling_PreviousNeverReleased_Warns() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;
public static class LeakyRelay
{
    public static void Walk(IReadOnlyList<object> stations)
    {
        object? holding = null;
        foreach (var station in {|#1:stations|})
        {
            {|#0:Monitor.Enter(station)|};
            holding = station;
        }

        if (holding != null) Monitor.Exit(holding);
    }
}", Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("station", 11, 9));

        /// <summary>Outside a loop, a lock whose last name was overwritten is still held at the exit: LD0004.</summary>
        [Fact]
        public Task NameOverwritten_LockStillHeldAtExit_Warns() => Verify.Diagnostics(@"
using System.Threading;
public static class Overwrite
{
    public static void Swap(object first, object second)
    {
        object? holding;
        {|#0:Monitor.Enter(first)|};
        holding = first;
        Monitor.Enter(second);
        holding = second;
        Monitor.Exit(holding);
    }
}", Verify.Warning("LD0004").WithLocation(0));

        [Fact]
        public Task ExitThroughTheAliasThenThroughTheOriginal_Warns() => Verify.Diagnostics(@"
using System.Threading;
public static class TwiceExited
{
    public static void Pass(object runner)
    {
        object? carrier = null;
        Monitor.Enter(runner);
        carrier = runner;
        Monitor.Exit(carrier);
        {|#0:Monitor.Exit(runner)|};
    }
}", Verify.Warning("LD0006").WithLocation(0));

        [Fact]
        public Task ForeachCoupling_ExitedTwiceThroughTheVariable_Warns() => Verify.Diagnostics(@"
using System.Collections.Generic;
using System.Threading;
public static class DoubleRelay
{
    public static void Walk(IReadOnlyList<object> stations)
    {
        object? holding = null;
        try
        {
            foreach (var station in stations)
            {
                Monitor.Enter(station);
                if (holding != null) Monitor.Exit(holding);
                holding = station;
            }

        }
        finally
        {
            if (holding != null)
            {
                Monitor.Exit(holding);
                {|#0:Monitor.Exit(holding)|};
            }
        }
    }
}", Verify.Warning("LD0006").WithLocation(0));

        [Fact]
        public Task ReassignedAfterAssignment_LockReturnsToItsFirstName_StillHeldAtExit_Warns() => Verify.Diagnostics(@"
using System.Threading;
public static class Retract
{
    public static void Hold(object runner)
    {
        object? carrier;
        {|#0:Monitor.Enter(runner)|};
        carrier = runner;
        carrier = null;
    }
}", Verify.Warning("LD0004").WithLocation(0));
    
        private const string Nodes = @"
using System.Threading;
public sealed class Cell
{
    public readonly object Gate = new object();
    public int Value;
    public Cell? Next;
}
";

        [Fact]
        public Task CouplingDownAListByAFieldOfEachNode_NoWarning() => Verify.Diagnostics(Nodes + @"
public static class Chain
{
    public static int Sum(Cell head)
    {
        Cell? prev = null;
        Cell? cur = head;
        var sum = 0;
        while (cur != null)
        {
            Monitor.Enter(cur.Gate);
            if (prev != null) Monitor.Exit(prev.Gate);
            sum += cur.Value;
            prev = cur;
            cur = cur.Next;
        }

        if (prev != null) Monitor.Exit(prev.Gate);
        return sum;
    }

    public static void Bump(Cell first)
    {
        var at = first;
        Monitor.Enter(at.Gate);
        var copy = at;
        copy.Value++;
        Monitor.Exit(first.Gate);
    }
}");

        [Fact]
        public Task CouplingDownAList_ThePreviousNodeNeverReleased_Warns() => Verify.Diagnostics(Nodes + @"
public static class Chain
{
    public static int Sum(Cell head)
    {
        Cell? prev = null;
        Cell? cur = head;
        var sum = 0;
        while ({|#1:cur != null|})
        {
            {|#0:Monitor.Enter(cur.Gate)|};
            sum += cur.Value;
            prev = cur;
            cur = cur.Next;
        }

        if (prev != null) Monitor.Exit(prev.Gate);
        return sum;
    }
}",
            Verify.Warning("LD0007").WithLocation(0).WithLocation(1).WithArguments("cur.Gate", 19, 17));
    }
}

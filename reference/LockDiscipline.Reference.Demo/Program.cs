using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Scenarios;

// With no argument: runs the race that rmap-14-i_shared_lock-fixes closes, once with move_one_page as
// it was before the patch and once as patched, and says what happened.
// With "stress [seed]": runs faults, mremap, truncation and reclaim on several threads at once and
// prints what was done and whether the invariants held after every round.
// Either way, "--out DIR" (default: the current directory) is where it then writes the lock order the
// run-time validator observed: lockorder-runtime.html (a self-contained page) and lockorder-runtime.dot.
var rest = new List<string>(args);
var outDir = Directory.GetCurrentDirectory();
var outAt = rest.IndexOf("--out");
if (outAt >= 0)
{
    if (outAt + 1 >= rest.Count)
    {
        Console.Error.WriteLine("--out needs a directory");
        return 2;
    }

    outDir = Path.GetFullPath(rest[outAt + 1]);
    rest.RemoveRange(outAt, 2);
}

args = rest.ToArray();
if (args.FirstOrDefault() == "stress")
{
    var seed = args.Length > 1 && int.TryParse(args[1], out var s) ? s : 2004;
    var report = MmStress.Run(new MmStressOptions(Seed: seed));
    Console.WriteLine($"stress, seed {seed}: {report}");
    foreach (var problem in report.Problems)
    {
        Console.WriteLine("  " + problem);
    }

    WriteObservedOrder(outDir);
    return report.Problems.Count == 0 ? 0 : 1;
}

foreach (var patched in new[] { false, true })
{
    Console.WriteLine(patched ? "== move_one_page as patched (takes i_shared_lock for file vmas)" : "== move_one_page before the patch");
    var outcome = TruncateMremapRace.Run(patched);
    foreach (var step in outcome.Steps)
    {
        Console.WriteLine(step);
    }

    Console.WriteLine(outcome.StalePage is null ? "=> correct: truncation excluded the move." : "=> BUG: a pte maps a page that truncation removed from the file.");
    Console.WriteLine();
}

WriteObservedOrder(outDir);
return 0;

// The validator's picture of what this run took, and in which order, next to the declared order.
static void WriteObservedOrder(string directory)
{
    var graph = LockValidator.ObservedGraph();
    Directory.CreateDirectory(directory);
    var html = Path.Combine(directory, "lockorder-runtime.html");
    var dot = Path.Combine(directory, "lockorder-runtime.dot");
    const string title = "lock order observed at run time";
    File.WriteAllText(html, graph.ToHtml(title));
    File.WriteAllText(dot, graph.ToDot(title));
    var cycles = graph.Cycles();
    Console.WriteLine($"lock order observed at run time: {graph.Nodes.Count} lock classes, {graph.Edges.Count} edges, "
        + (cycles.Count == 0 ? "no cycle" : $"{cycles.Count} cycle(s): " + string.Join("; ", cycles.Select(c => string.Join(" <-> ", c)))));
    Console.WriteLine($"  written to {html}");
    Console.WriteLine($"  and {dot}");
}

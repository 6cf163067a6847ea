using System;
using System.Linq;
using LockDiscipline.Reference.Scenarios;

// With no argument: runs the race that rmap-14-i_shared_lock-fixes closes, once with move_one_page as
// it was before the patch and once as patched, and says what happened.
// With "stress [seed]": runs faults, mremap, truncation and reclaim on several threads at once and
// prints what was done and whether the invariants held after every round.
if (args.FirstOrDefault() == "stress")
{
    var seed = args.Length > 1 && int.TryParse(args[1], out var s) ? s : 2004;
    var report = MmStress.Run(new MmStressOptions(Seed: seed));
    Console.WriteLine($"stress, seed {seed}: {report}");
    foreach (var problem in report.Problems)
    {
        Console.WriteLine("  " + problem);
    }

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

return 0;

using System;
using LockDiscipline.Reference.Scenarios;

// Runs the race that rmap-14-i_shared_lock-fixes closes, once with move_one_page as it was before
// the patch and once as patched, and says what happened.
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

using System;
using System.Collections.Generic;
using System.Threading;
using LockDiscipline.Reference.Mm;

namespace LockDiscipline.Reference.Scenarios
{
    /// <summary>What one run of the race did, step by step, and how it ended.</summary>
    public sealed record RaceOutcome(IReadOnlyList<string> Steps, Page? StalePage, bool MoveWaitedForTruncation);

    /// <summary>
    /// The race rmap-14-i_shared_lock-fixes closes, forced by a hook in truncation's vma walk instead
    /// of by timing: truncation cleans the destination vma; before it reaches the source vma, mremap
    /// moves the pte of a page past the new end of file from the source into the cleaned
    /// destination. Nothing sleeps: the hook waits until the move is done or is seen spinning on
    /// <c>i_shared_lock</c>.
    /// </summary>
    public static class TruncateMremapRace
    {
        private const ulong OldBase = 0x10_0000;
        private const ulong NewBase = 0x80_0000;
        private const ulong Pages = 4;

        /// <summary>Runs the race with the patched <c>move_one_page</c>, or with the one from before the patch.</summary>
        public static RaceOutcome Run(bool patched)
        {
            Func<VmArea, ulong, ulong, int> moveOnePage = patched ? Mremap.MoveOnePage : PrePatchMremap.MoveOnePage;
            var steps = new List<string>();
            var mapping = new AddressSpace();
            var file = new Mm.File(mapping);
            var mm = new MmStruct();

            // The mremap destination is on the file's list ahead of the source: truncation cleans it first.
            var dst = Mmap.DoMmap(mm, file, NewBase, Pages, 0, VmFlags.Shared);
            var src = Mmap.DoMmap(mm, file, OldBase, Pages, 0, VmFlags.Shared);
            var oldAddr = OldBase + (Pages - 1) * PageTables.PageSize;
            var newAddr = NewBase + (Pages - 1) * PageTables.PageSize;
            var page = Memory.HandleFault(src, oldAddr);
            steps.Add($"fault: {src} maps {page} at {oldAddr:x}");

            var waited = false;
            Thread? mover = null;
            steps.Add("truncate the file to 2 pages: unmap_mapping_range takes i_shared_lock and walks the vmas");
            Memory.VmTruncate(mapping, newSizePages: 2, afterVma: cleaned =>
            {
                steps.Add($"  truncation cleaned {cleaned}");
                if (cleaned != dst)
                {
                    return;
                }

                var done = false;
                mover = new Thread(() =>
                {
                    moveOnePage(src, oldAddr, newAddr);
                    Volatile.Write(ref done, true);
                });
                mover.Start();
                SpinWait.SpinUntil(() => Volatile.Read(ref done) || mapping.ISharedLock.HasWaiters);
                waited = !Volatile.Read(ref done);
                steps.Add(waited
                    ? "  mremap's move_one_page waits for i_shared_lock: truncation goes on first"
                    : $"  mremap's move_one_page moved the pte of {page} from {oldAddr:x} into the cleaned vma at {newAddr:x}");
            });
            mover!.Join();
            steps.Add($"truncation done; the page cache no longer holds {page}");

            mm.PageTableLock.Lock();
            var pte = PageTables.GetOnePteMap(mm, newAddr);
            var stale = !pte.IsNull && !pte.IsNone ? pte.Page : null;
            if (!pte.IsNull)
            {
                PageTables.PteUnmap(pte);
            }

            mm.PageTableLock.Unlock();
            steps.Add(stale is null
                ? $"after both: no pte at {newAddr:x} maps a truncated page"
                : $"after both: the pte at {newAddr:x} still maps {stale} — a stale mapping of a page truncation dropped");
            return new RaceOutcome(steps, stale, waited);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockDiscipline.Reference.Kernel;
using LockDiscipline.Reference.Mm;

namespace LockDiscipline.Reference.Scenarios
{
    /// <summary>How big a stress run is. Every thread draws its operations from a generator seeded from <see cref="Seed"/>.</summary>
    public sealed record MmStressOptions(int Seed = 2004, int Rounds = 40, int OpsPerThread = 400, int Processes = 3, int Files = 2, ulong PagesPerFile = 24);

    /// <summary>What a stress run did and what it found wrong (nothing, when the model is right).</summary>
    public sealed record MmStressReport(IReadOnlyDictionary<string, long> Operations, IReadOnlyList<string> Problems)
    {
        public override string ToString() =>
            string.Join(", ", Operations.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")) +
            (Problems.Count == 0 ? "; invariants held after every round" : $"; {Problems.Count} problems, first: {Problems[0]}");
    }

    /// <summary>
    /// Several threads at once over shared files: each process thread faults and mremaps in its own mm
    /// (as if under its <c>mmap_sem</c>), one thread truncates files and lets them grow back, one
    /// reclaims pages through reverse mapping. Between rounds, with every thread stopped, the
    /// invariants are checked: every present pte maps a page that is in its file's page cache at the
    /// index its vma says, each page's mapcount equals the ptes that map it, each cached page's
    /// reference count is the cache's plus its ptes', and the run-time validator reported nothing.
    /// </summary>
    public static class MmStress
    {
        private const ulong SlotBase = 0x1000_0000;
        private const ulong SlotSize = 0x100_0000; // 16 MiB: every slot has its own pte pages
        private const int SlotsPerProcess = 6;
        private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);

        public static MmStressReport Run(MmStressOptions options)
        {
            var mappings = Enumerable.Range(0, options.Files).Select(_ => new AddressSpace()).ToArray();
            var files = mappings.Select(m => new Mm.File(m)).ToArray();
            var processes = new List<MmStruct>();
            for (var p = 0; p < options.Processes; p++)
            {
                var mm = new MmStruct();
                for (var f = 0; f < options.Files; f++)
                {
                    var flags = f % 2 == 0 ? VmFlags.Shared : VmFlags.None;
                    Mmap.DoMmap(mm, files[f], SlotAddress(f), options.PagesPerFile, 0, flags);
                }

                processes.Add(mm);
            }

            var operations = new Counter();
            var problems = new List<string>();
            var validatorBefore = LockValidator.Violations.Count;
            for (var round = 0; round < options.Rounds && problems.Count == 0; round++)
            {
                var workers = new List<(string Name, Action Work)>();
                for (var p = 0; p < processes.Count; p++)
                {
                    var mm = processes[p];
                    var random = new Random(HashCode.Combine(options.Seed, round, p));
                    workers.Add(($"process {p}", () => ProcessWork(mm, random, options, operations)));
                }

                var truncateRandom = new Random(HashCode.Combine(options.Seed, round, "truncate"));
                workers.Add(("truncate", () => TruncateWork(mappings, truncateRandom, options, operations)));
                var reclaimRandom = new Random(HashCode.Combine(options.Seed, round, "reclaim"));
                workers.Add(("reclaim", () => ReclaimWork(mappings, reclaimRandom, options, operations)));

                RunRound(round, workers, problems);
                if (problems.Count == 0)
                {
                    CheckInvariants(round, processes, mappings, problems);
                }
            }

            problems.AddRange(LockValidator.Violations.Skip(validatorBefore).Select(v => "validator: " + v));
            return new MmStressReport(operations.Snapshot(), problems);
        }

        private static ulong SlotAddress(int slot) => SlotBase + (ulong)slot * SlotSize;

        private static void RunRound(int round, List<(string Name, Action Work)> workers, List<string> problems)
        {
            var failures = new List<string>();
            using var start = new ManualResetEventSlim(false); // all start together, so their operations overlap
            var threads = workers.Select(w => new Thread(() =>
            {
                try
                {
                    start.Wait();
                    w.Work();
                }
                catch (Exception ex)
                {
                    lock (failures)
                    {
                        failures.Add($"round {round}, {w.Name}: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            }) { IsBackground = true, Name = w.Name }).ToList();
            threads.ForEach(t => t.Start());
            start.Set();
            foreach (var thread in threads)
            {
                if (!thread.Join(RoundTimeout))
                {
                    failures.Add($"round {round}, {thread.Name}: did not finish within {RoundTimeout.TotalSeconds} s (a lock never released?)");
                }
            }

            problems.AddRange(failures);
        }

        /// <summary>A process: page faults in its vmas, and now and then an mremap of a vma to a free slot.</summary>
        private static void ProcessWork(MmStruct mm, Random random, MmStressOptions options, Counter operations)
        {
            for (var i = 0; i < options.OpsPerThread; i++)
            {
                var vma = mm.Vmas[random.Next(mm.Vmas.Count)];
                if (random.Next(10) == 0)
                {
                    var free = Enumerable.Range(0, SlotsPerProcess).Select(SlotAddress).Where(a => mm.Vmas.All(v => v.Start != a)).ToList();
                    var moved = Mremap.MoveVma(vma, free[random.Next(free.Count)]);
                    operations.Add(moved is null ? "mremap failed" : "mremap");
                }
                else
                {
                    var address = vma.Start + (ulong)random.Next((int)((vma.End - vma.Start) / PageTables.PageSize)) * PageTables.PageSize;
                    operations.Add(Memory.HandleFault(vma, address) is null ? "fault beyond EOF" : "fault");
                }
            }
        }

        /// <summary>Truncation: shrinks a file to a random size, then lets it grow back to full size (a later write).</summary>
        private static void TruncateWork(AddressSpace[] mappings, Random random, MmStressOptions options, Counter operations)
        {
            for (var i = 0; i < options.OpsPerThread / 8; i++)
            {
                var mapping = mappings[random.Next(mappings.Length)];
                Memory.VmTruncate(mapping, (ulong)random.Next((int)options.PagesPerFile));
                operations.Add("truncate");
                Thread.Yield();
                mapping.SetSize(options.PagesPerFile);
            }
        }

        /// <summary>Reclaim: unmaps a random cached page from every mm through rmap and frees it if unused.</summary>
        private static void ReclaimWork(AddressSpace[] mappings, Random random, MmStressOptions options, Counter operations)
        {
            for (var i = 0; i < options.OpsPerThread; i++)
            {
                var mapping = mappings[random.Next(mappings.Length)];
                operations.Add(Vmscan.ShrinkPage(mapping, (ulong)random.Next((int)options.PagesPerFile)) ? "reclaim freed" : "reclaim kept");
            }
        }

        private static void CheckInvariants(int round, List<MmStruct> processes, AddressSpace[] mappings, List<string> problems)
        {
            var mapped = new Dictionary<Page, int>();
            foreach (var mm in processes)
            {
                foreach (var (address, page) in PresentPtes(mm))
                {
                    mapped[page] = mapped.TryGetValue(page, out var n) ? n + 1 : 1;
                    var vma = mm.Vmas.FirstOrDefault(v => v.Start <= address && address < v.End);
                    var expectedMapping = vma?.File?.Mapping;
                    if (vma is null)
                    {
                        problems.Add($"round {round}: a pte at {address:x} maps {page} outside every vma");
                    }
                    else if (page.Mapping is null || page.Mapping != expectedMapping ||
                             !expectedMapping.PageCache.TryGetValue(page.Index, out var cached) || cached != page)
                    {
                        problems.Add($"round {round}: the pte at {address:x} maps {page}, which is not in its file's page cache (stale)");
                    }
                    else if (vma.PageIndexOf(address) != page.Index)
                    {
                        problems.Add($"round {round}: the pte at {address:x} maps {page}, but its vma maps index {vma.PageIndexOf(address)} there");
                    }
                }
            }

            foreach (var page in mappings.SelectMany(m => m.PageCache.Values).Concat(mapped.Keys).Distinct())
            {
                var ptes = mapped.TryGetValue(page, out var n) ? n : 0;
                if (page.MapCount != ptes)
                {
                    problems.Add($"round {round}: {page} has mapcount {page.MapCount} but {ptes} ptes map it");
                }

                var expectedRefs = (page.Mapping is null ? 0 : 1) + ptes;
                if (page.RefCount != expectedRefs)
                {
                    problems.Add($"round {round}: {page} has {page.RefCount} references, expected {expectedRefs} (cache and ptes)");
                }
            }
        }

        /// <summary>Every present pte of <paramref name="mm"/>, by walking its page table (all threads are stopped).</summary>
        private static IEnumerable<(ulong Address, Page Page)> PresentPtes(MmStruct mm)
        {
            for (var g = 0; g < PageTables.PtrsPerTable; g++)
            {
                var pmd = mm.Pgd[g];
                for (var m = 0; pmd is not null && m < PageTables.PtrsPerTable; m++)
                {
                    var ptes = pmd.Entries[m];
                    for (var t = 0; ptes is not null && t < PageTables.PtrsPerTable; t++)
                    {
                        if (ptes.Entries[t] is { } page)
                        {
                            var address = (((ulong)g * PageTables.PtrsPerTable + (ulong)m) * PageTables.PtrsPerTable + (ulong)t) << PageTables.PageShift;
                            yield return (address, page);
                        }
                    }
                }
            }
        }

        /// <summary>Operation counts, shared by the worker threads.</summary>
        private sealed class Counter
        {
            private readonly Dictionary<string, long> _counts = new Dictionary<string, long>();

            public void Add(string operation)
            {
                lock (_counts)
                {
                    _counts[operation] = _counts.TryGetValue(operation, out var n) ? n + 1 : 1;
                }
            }

            public IReadOnlyDictionary<string, long> Snapshot()
            {
                lock (_counts)
                {
                    return new Dictionary<string, long>(_counts);
                }
            }
        }
    }
}

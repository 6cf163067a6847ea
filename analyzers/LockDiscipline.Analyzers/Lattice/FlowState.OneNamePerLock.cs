using System.Collections.Generic;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Lattice
{
    /// <summary>The correlation check's first step, where paths meet: one name for each lock (<see cref="Marked"/>).</summary>
    internal sealed partial class FlowState
    {
        /// <summary>
        /// Paths that hold one lock under two names: a lock taken through <c>first</c> and then copied to a local
        /// (<c>walker = first</c>) is named <c>walker</c> (with <c>first</c> its alias) until <c>walker</c> moves on,
        /// when it is named <c>first</c> again, so a loop head meets it under both. One name is chosen that every path
        /// holding the lock (the same facts, under a plain local) either holds it by or knows as an alias of it, and the
        /// other paths are renamed to it (the old name becoming the alias): the same facts under one name, not two
        /// locks each held on some paths. Applied again, it changes nothing. True when a path was renamed.
        /// </summary>
        private static bool OneNamePerLock(List<PathState> paths)
        {
            var any = false;
            for (var i = 0; i < paths.Count; i++)
            {
                foreach (var held in paths[i].Locks)
                {
                    if (!held.Path.IsPlainLocal || HeldAlikeEverywhere(paths, held))
                    {
                        continue;
                    }

                    // The candidates: the lock's name on this path, and the locals this path knows as its aliases.
                    if (RenameAllTo(paths, held, held.Path))
                    {
                        any = true;
                        break;
                    }

                    foreach (var entry in paths[i].Values)
                    {
                        if (held.Path.Equals(entry.Value.Alias) && entry.Key.Symbol is ILocalSymbol { IsRef: false } local
                            && RenameAllTo(paths, held, LockPath.ForLocal(local)))
                        {
                            any = true;
                            break;
                        }
                    }
                }
            }

            return any;
        }

        /// <summary>Every path that holds a lock with <paramref name="held"/>'s facts holds it under its name: nothing to rename.</summary>
        private static bool HeldAlikeEverywhere(List<PathState> paths, HeldLock held)
        {
            foreach (var path in paths)
            {
                if (path.Find(held.Path) is null && SameLockUnderAnotherName(path, held) is not null)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Renames, on every path, the lock with <paramref name="held"/>'s facts to <paramref name="name"/>, if every path
        /// that holds it holds it by that name or knows <paramref name="name"/> as an alias of it; otherwise changes nothing.
        /// </summary>
        private static bool RenameAllTo(List<PathState> paths, HeldLock held, LockPath name)
        {
            var key = VariableKey.Of(name.Root!);
            var renames = new (int Path, HeldLock Lock)[paths.Count];
            var count = 0;
            for (var p = 0; p < paths.Count; p++)
            {
                if (paths[p].Find(name) is { } named && SameFacts(named, held))
                {
                    continue;
                }

                if (SameLockUnderAnotherName(paths[p], held) is not { } other)
                {
                    continue; // this path does not hold it
                }

                if (!other.Path.IsPlainLocal || !other.Path.Equals(paths[p].ValueOf(key).Alias) || HasMemberLocks(paths[p], other.Path))
                {
                    return false;
                }

                renames[count++] = (p, other);
            }

            for (var r = 0; r < count; r++)
            {
                paths[renames[r].Path] = paths[renames[r].Path].RenamedToAlias(renames[r].Lock, name);
            }

            return count > 0;
        }

        /// <summary>A lock <paramref name="path"/> holds with <paramref name="held"/>'s facts under another name, or null.</summary>
        private static HeldLock? SameLockUnderAnotherName(PathState path, HeldLock held)
        {
            foreach (var candidate in path.Locks)
            {
                if (!candidate.Path.Equals(held.Path) && SameFacts(candidate, held))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static bool SameFacts(HeldLock a, HeldLock b) => a.Fact.Equals(b.Fact with { Path = a.Path });

        /// <summary>
        /// True when a lock is held through a member of the local <paramref name="name"/> (<c>walker.Gate</c>): renaming
        /// the local would leave that lock under a spelling no variable reaches, so such a path is left as it is.
        /// </summary>
        private static bool HasMemberLocks(PathState path, LockPath name)
        {
            foreach (var held in path.Locks)
            {
                if (!held.Path.Members.IsEmpty && held.Path.SharesRootWith(name))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

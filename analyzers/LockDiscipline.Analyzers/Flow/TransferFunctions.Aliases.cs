using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// Locks that move between variables: hand-over-hand locking (lock coupling) takes the next object's
    /// monitor, releases the previous one through the variable that still names it, and moves that variable
    /// on (<c>Monitor.Enter(next); if (last != null) Monitor.Exit(last); last = next;</c>). A held lock has
    /// one canonical path; an assignment <c>last = next</c> of a local that names a held lock renames the lock
    /// to <c>last</c>, and <c>next</c> keeps an alias to it (<see cref="AbstractValue.Alias"/>) until it is
    /// reassigned. The lock follows the value, so the loop head sees one name on every iteration and
    /// <c>last != null</c> tells "held" from "not held".
    /// </summary>
    internal sealed partial class TransferFunctions
    {
        /// <summary>
        /// The substitution of one call, with each operand read through the variables' aliases on this path;
        /// as it is when no variable is an alias (the common case), to keep calls cheap.
        /// </summary>
        private CallSubstitution Rebinding(CallSubstitution substitution, PathState state) =>
            HasAliases(state) ? WithRebinding(substitution, state) : substitution;

        /// <summary>Apart from <see cref="Rebinding"/>, so that the lambda's capture of the state is made only for a state with aliases, not on every call.</summary>
        private CallSubstitution WithRebinding(CallSubstitution substitution, PathState state) =>
            substitution.WithRebinding((operand, path) => RebindOperand(state, operand, path));

        private static bool HasAliases(PathState state)
        {
            foreach (var entry in state.Values)
            {
                if (entry.Value.Alias is not null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The canonical path of the object <paramref name="operand"/> (whose syntactic path is <paramref name="path"/>) refers to on this path.</summary>
        private LockPath RebindOperand(PathState state, IOperation operand, LockPath path)
        {
            while (operand is IConversionOperation { OperatorMethod: null } conversion)
            {
                operand = conversion.Operand;
            }

            if (Refiner.KeyOf(operand) is { } key && state.ValueOf(key).Alias is { } alias)
            {
                return alias;
            }

            // A path through a variable that is an alias (last.Inner, or a capture of last): the same members of the canonical name.
            return path.RootKind is LockRootKind.Local or LockRootKind.Parameter && path.Root is { } root
                && state.ValueOf(VariableKey.Of(root)).Alias is { } rootAlias
                ? rootAlias.AppendAll(path)
                : path;
        }

        /// <summary>
        /// <c>target = value</c> for a local that names itself: what the variable named before goes to another
        /// name of the same object (or stays, if none), and a held lock the value names moves to the target.
        /// </summary>
        private Outcomes<AbstractValue> MoveLockNames(ISimpleAssignmentOperation assignment, VariableKey target, Outcomes<AbstractValue> assigned)
        {
            // A local the resolver reads as its one value (var box = op.Box) is a spelling of that value, not a name of its own.
            if (target.Symbol is not ILocalSymbol local || local.IsRef || !_paths.NamesItself(local))
            {
                return assigned;
            }

            var targetPath = LockPath.ForLocal(local);
            var sourcePath = _paths.PathOf(assignment.Value);
            var result = default(Outcomes<AbstractValue>);
            for (var i = 0; i < assigned.Count; i++)
            {
                var (s, v) = assigned[i];
                if (s.Locks.IsEmpty && !HasAliases(s))
                {
                    result.Add(s, v);
                    continue;
                }

                var source = sourcePath is null ? null : RebindOperand(s, assignment.Value, sourcePath);
                if (targetPath.Equals(source))
                {
                    result.Add(s, v); // x = x
                    continue;
                }

                s = MoveOut(s, target, targetPath);
                if (source is not null && s.Find(source) is { } held)
                {
                    // The target still names a lock that no other variable names: overwriting it leaves that lock
                    // held with no name (it leaks, and LD0004 or LD0007 says so).
                    if (s.Find(targetPath) is { } orphan)
                    {
                        s = Rename(s, orphan, LockPath.Unnamed(targetPath));
                    }

                    s = Rename(s, held, targetPath);
                    if (Refiner.KeyOf(assignment.Value) is { IsCapture: false } sourceKey && !sourceKey.Equals(target))
                    {
                        s = s.WithValue(sourceKey, s.ValueOf(sourceKey) with { Alias = targetPath });
                    }

                    s = PinCaptures(s, source, targetPath);

                    // It names a lock that is held, so it is an object: last != null tells this path from one that holds none.
                    v = v with { Alias = null, Null = NullState.NonNull };
                }
                else if (source is not null)
                {
                    s = MoveMembers(s, assignment, target, source, targetPath);
                }

                result.Add(s, v);
            }

            return result;
        }

        /// <summary>
        /// Locks that are members of the assigned object follow it too — hand-over-hand down a list by a field
        /// of each node: <c>Monitor.Enter(next.Gate); Monitor.Exit(cur.Gate); cur = next;</c> (or <c>cur = cur.Next</c>)
        /// makes <c>next.Gate</c> <c>cur.Gate</c>. Only when the old spelling no longer names the object or
        /// stays an alias of the new one: the source is a variable (which then aliases the target), or a path
        /// through the target itself, which the assignment changes. A lock already held under the new name is
        /// left unnamed (it leaked). <c>var b = node.Next</c> moves nothing: <c>node.Next.Gate</c> still spells it.
        /// </summary>
        private PathState MoveMembers(PathState s, ISimpleAssignmentOperation assignment, VariableKey target, LockPath source, LockPath targetPath)
        {
            var sourceKey = Refiner.KeyOf(assignment.Value) is { IsCapture: false } key && !key.Equals(target) ? key : (VariableKey?)null;
            if (sourceKey is null && !RootedAt(source, targetPath))
            {
                return s;
            }

            var moved = false;
            foreach (var held in s.Locks)
            {
                if (!held.Path.Extends(source))
                {
                    continue;
                }

                var renamed = held.Path.Rebased(source.Members.Length, targetPath);
                if (s.Find(renamed) is { } orphan)
                {
                    s = Rename(s, orphan, LockPath.Unnamed(orphan.Path));
                }

                s = Rename(s, held, renamed);
                moved = true;
            }

            if (moved && sourceKey is { } alias)
            {
                s = s.WithValue(alias, s.ValueOf(alias) with { Alias = targetPath });
            }

            return s;
        }

        /// <summary>
        /// Before <paramref name="target"/> is overwritten: a held lock it names moves to another local that is
        /// an alias of it; with none, it keeps the name (as it always did), so a <c>lock (x) { x = x.Next; }</c>
        /// still releases what it took through the statement's own copy of <c>x</c>. Aliases of what it named go.
        /// </summary>
        private PathState MoveOut(PathState s, VariableKey target, LockPath targetPath)
        {
            foreach (var held in s.Locks)
            {
                if (!RootedAt(held.Path, targetPath) || SurvivorOf(s, target, held.Path) is not { } survivor)
                {
                    continue;
                }

                var survivorPath = LockPath.ForLocal((ILocalSymbol)survivor.Symbol!);
                s = Rename(s, held, survivorPath);
                s = s.WithValue(survivor, s.ValueOf(survivor) with { Alias = null });
            }

            foreach (var entry in s.Values)
            {
                if (!entry.Key.IsCapture && !entry.Key.Equals(target) && entry.Value.Alias is { } alias && RootedAt(alias, targetPath)
                    && s.Find(alias) is null)
                {
                    s = s.WithValue(entry.Key, entry.Value with { Alias = null });
                }
            }

            return s;
        }

        private VariableKey? SurvivorOf(PathState s, VariableKey target, LockPath path)
        {
            foreach (var entry in s.Values)
            {
                if (!entry.Key.IsCapture && !entry.Key.Equals(target) && path.Equals(entry.Value.Alias)
                    && entry.Key.Symbol is ILocalSymbol { IsRef: false } local && _paths.NamesItself(local))
                {
                    return entry.Key;
                }
            }

            return null;
        }

        /// <summary>The lock under a new canonical name; every alias of the old name follows it.</summary>
        private static PathState Rename(PathState s, HeldLock held, LockPath path) => s.WithLockRenamed(held, path);

        /// <summary>
        /// A flow capture of the old name (the <c>lock</c> statement's copy of its operand) refers to the object,
        /// not to the variable: it follows the lock to its new name, so the statement's exit still finds it.
        /// </summary>
        private PathState PinCaptures(PathState s, LockPath source, LockPath path)
        {
            foreach (var entry in s.Values)
            {
                if (entry.Key.IsCapture && entry.Value.Alias is null
                    && _paths.PathOf(_paths.CapturedValue(entry.Key.CaptureId)) is { } captured && captured.Equals(source))
                {
                    s = s.WithValue(entry.Key, entry.Value with { Alias = path });
                }
            }

            return s;
        }

        private static bool RootedAt(LockPath path, LockPath root) => path.SharesRootWith(root);

        /// <summary>
        /// An object whose monitor was entered is not null afterwards (<c>Monitor.Enter(null)</c> throws), and a
        /// lock that is held is an object: after an acquire, the variable that named it is known non-null, which
        /// is what lets <c>last != null</c> tell the iteration that holds it from the first one.
        /// </summary>
        private PathState LockObjectsNonNull(PathState s, MethodContract contract, CallSubstitution substitution)
        {
            if (contract.Acquires.IsEmpty && contract.AcquiresShared.IsEmpty && contract.TryAcquires.IsEmpty)
            {
                return s;
            }

            foreach (var locks in new[] { contract.Acquires, contract.AcquiresShared, contract.TryAcquires })
            {
                foreach (var path in locks)
                {
                    if (path is { RootKind: LockRootKind.Parameter, Members.IsEmpty: true } && substitution.Argument(path.ParameterOrdinal) is { } argument)
                    {
                        s = Refiner.Dereferenced(argument.Value, s);
                    }
                }
            }

            return s;
        }
    }
}

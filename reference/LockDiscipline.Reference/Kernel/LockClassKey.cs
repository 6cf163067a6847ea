using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace LockDiscipline.Reference.Kernel
{
    /// <summary>
    /// A lock class at run time: the field that stores the lock, as in lockdep's static key. Its
    /// declared order is read from the same <c>[AcquiredBefore]</c>/<c>[AcquiredAfter]</c> attributes the
    /// analyzers read, so the build-time and run-time checks cannot disagree.
    /// </summary>
    public sealed class LockClassKey
    {
        private static readonly ConcurrentDictionary<FieldInfo, LockClassKey> Keys = new ConcurrentDictionary<FieldInfo, LockClassKey>();
        private static readonly ConcurrentDictionary<(LockClassKey, LockClassKey), bool> DeclaredBefore = new ConcurrentDictionary<(LockClassKey, LockClassKey), bool>();
        private static int _lastId;

        private LockClassKey(FieldInfo field)
        {
            Field = field;
            Name = field.DeclaringType!.Name + "." + field.Name;
            Id = System.Threading.Interlocked.Increment(ref _lastId);
            Hash = LockValidator.ClassHash(Id);
            RootChainKey = LockValidator.RootChainKey(Hash);
        }

        /// <summary>A small number, unique per class in this process (lockdep's class index). A <see cref="ConcurrentDictionary{TKey,TValue}"/>
        /// race may make a key that is then dropped, so ids can have gaps.</summary>
        internal int Id { get; }

        /// <summary>The class's 64-bit contribution to a chain key (lockdep's <c>iterate_chain_key</c> input).</summary>
        internal ulong Hash { get; }

        /// <summary>The chain key of this class taken with nothing held.</summary>
        internal ulong RootChainKey { get; }

        /// <summary>The <see cref="LockValidator"/> generation in which this class was last noted as seen (0: never).</summary>
        internal int SeenGeneration;

        /// <summary>The classes declared directly after this one (its [AcquiredBefore] targets, and the fields declaring
        /// [AcquiredAfter] it), as the validator's picture draws them.</summary>
        public IReadOnlyList<LockClassKey> DeclaredDirectlyLater() => DirectlyAfter(this).Distinct().ToList();

        public FieldInfo Field { get; }

        public string Name { get; }

        /// <summary>The class of the lock stored in <paramref name="type"/>.<paramref name="field"/>.</summary>
        public static LockClassKey Of(Type type, string field)
        {
            var info = type.GetField(field, BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                ?? throw new ArgumentException($"{type.Name} has no field {field}", nameof(field));
            return Keys.GetOrAdd(info, f => new LockClassKey(f));
        }

        /// <summary>True when the declared order puts this class before <paramref name="later"/>, transitively.</summary>
        public bool IsDeclaredBefore(LockClassKey later) =>
            DeclaredBefore.GetOrAdd((this, later), pair => Reaches(pair.Item1, pair.Item2, new HashSet<LockClassKey>()));

        private static bool Reaches(LockClassKey from, LockClassKey to, HashSet<LockClassKey> seen)
        {
            foreach (var next in DirectlyAfter(from))
            {
                if (next == to || (seen.Add(next) && Reaches(next, to, seen)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The classes declared directly after this one: its own [AcquiredBefore] targets, and the fields of its
        /// own and its targets' types that declare [AcquiredAfter] it.</summary>
        private static IEnumerable<LockClassKey> DirectlyAfter(LockClassKey key)
        {
            foreach (var before in key.Field.GetCustomAttributes<AcquiredBeforeAttribute>())
            {
                yield return Of(before.Type, before.Member);
            }

            foreach (var type in KnownTypes())
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    foreach (var after in field.GetCustomAttributes<AcquiredAfterAttribute>())
                    {
                        if (after.Type == key.Field.DeclaringType && after.Member == key.Field.Name)
                        {
                            yield return Keys.GetOrAdd(field, f => new LockClassKey(f));
                        }
                    }
                }
            }
        }

        /// <summary>The types whose fields may declare an order: those of this assembly and of the lock classes seen.</summary>
        private static IEnumerable<Type> KnownTypes() =>
            typeof(LockClassKey).Assembly.GetTypes().Concat(Keys.Keys.Select(f => f.DeclaringType!)).Distinct();

        public override string ToString() => Name;
    }
}

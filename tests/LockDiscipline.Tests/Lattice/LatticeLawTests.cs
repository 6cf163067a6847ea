using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Lattice;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LockDiscipline.Tests.Lattice
{
    /// <summary>
    /// The lattice on its own, beside the end-to-end tests: the join is commutative, associative and
    /// idempotent on generated states; widening ends; and facts that differ in one typed field (a
    /// certainty, a depth, an upgrade state, a mode) are different facts.
    /// </summary>
    public class LatticeLawTests
    {
        private const int Seed = 20261127;
        private const int Cases = 300;

        private static readonly Universe U = new Universe();

        /// <summary>Symbols to build facts from: three lock fields and three bool parameters.</summary>
        private sealed class Universe
        {
            public Universe()
            {
                var compilation = DirectRunner.Compile(new[] { ("U.cs", "public static class U { public static object A, B, C; public static void M(bool p, bool q, bool r) { } }") });
                var type = compilation.GetTypeByMetadataName("U")!;
                Locks = new[] { "A", "B", "C" }.Select(n => LockPath.ForStatic(type.GetMembers(n).Single())).ToArray();
                Flags = ((IMethodSymbol)type.GetMembers("M").Single()).Parameters.Select(p => VariableKey.Of(p)).ToArray();
            }

            public LockPath[] Locks { get; }

            public VariableKey[] Flags { get; }
        }

        private static HeldLock Held(LockPath path, bool shared = false) =>
            new HeldLock(path, LockClass.Of(path), LockDiscipline.Analyzers.Annotations.LockKind.Blocking, shared, site: null, spellingRoot: null, calleePath: null, byTryAcquire: false, fromContract: false);

        private static HeldLock RandomLock(Random random, LockPath path)
        {
            var held = Held(path, shared: random.Next(4) == 0);
            if (random.Next(4) == 0)
            {
                held = held.WithDepth(2);
            }

            if (random.Next(5) == 0)
            {
                held = held.With(upgradeable: true, nested: false, reentrant: false, upgradedFrom: null);
            }

            return random.Next(6) switch
            {
                0 => held.AsMaybe(),
                1 => held.AsUncorrelated(),
                _ => held,
            };
        }

        private static PathState RandomPath(Random random)
        {
            var state = PathState.Empty;
            foreach (var path in U.Locks)
            {
                if (random.Next(3) == 0)
                {
                    state = state.WithLock(RandomLock(random, path));
                }
            }

            foreach (var flag in U.Flags)
            {
                switch (random.Next(4))
                {
                    case 0: state = state.WithValue(flag, AbstractValue.True); break;
                    case 1: state = state.WithValue(flag, AbstractValue.False); break;
                }
            }

            return state;
        }

        /// <summary>A state of one to three paths: small enough that joins of three stay below the widening bound.</summary>
        private static FlowState RandomState(Random random) =>
            FlowState.Of(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => RandomPath(random)).ToList());

        private static IEnumerable<(FlowState A, FlowState B, FlowState C)> Triples()
        {
            var random = new Random(Seed);
            for (var i = 0; i < Cases; i++)
            {
                yield return (RandomState(random), RandomState(random), RandomState(random));
            }
        }

        [Fact]
        public void Join_IsCommutative()
        {
            foreach (var (a, b, _) in Triples())
            {
                Assert.True(a.Join(b).Equals(b.Join(a)), $"{Show(a)} ⊔ {Show(b)}: {Show(a.Join(b))} but the other way {Show(b.Join(a))}");
            }
        }

        [Fact]
        public void Join_IsAssociative()
        {
            foreach (var (a, b, c) in Triples())
            {
                var left = a.Join(b).Join(c);
                var right = a.Join(b.Join(c));
                Assert.True(left.Equals(right), $"({Show(a)} ⊔ {Show(b)}) ⊔ {Show(c)} = {Show(left)}, but {Show(a)} ⊔ ({Show(b)} ⊔ {Show(c)}) = {Show(right)}");
            }
        }

        [Fact]
        public void Join_IsIdempotent_AndUnreachableIsItsIdentity()
        {
            foreach (var (a, _, _) in Triples())
            {
                Assert.True(a.Join(a).Equals(a), $"{Show(a)} ⊔ itself = {Show(a.Join(a))}");
                Assert.True(a.Join(FlowState.Unreachable).Equals(a));
                Assert.True(FlowState.Unreachable.Join(a).Equals(a));
            }
        }

        /// <summary>Joins of <paramref name="count"/> random states: disjunctions well past the widening bound.</summary>
        private static IEnumerable<FlowState> LargeJoins(int seed, int count)
        {
            var random = new Random(seed);
            for (var run = 0; run < 60; run++)
            {
                yield return Enumerable.Range(0, count).Select(_ => RandomState(random)).Aggregate(FlowState.Unreachable, (acc, s) => acc.Join(s));
            }
        }

        [Fact]
        public void Widening_BoundsTheDisjunction_AndIsIdempotent()
        {
            foreach (var large in LargeJoins(Seed + 1, 12))
            {
                var widened = large.Widen();
                Assert.True(widened.Paths.Length <= FlowState.MaxPaths, $"{widened.Paths.Length} paths after widening {large.Paths.Length}");
                Assert.True(widened.Widen().Equals(widened), "widening a widened state changed it");
            }
        }

        [Fact]
        public void Widening_NeverInventsASureLock()
        {
            // Sound: a lock the widened state holds surely was held surely on every path it stands for.
            foreach (var large in LargeJoins(Seed + 2, 12))
            {
                foreach (var path in large.Widen().Paths)
                {
                    foreach (var held in path.DefinitelyHeld)
                    {
                        var standsFor = large.Paths.Where(p => p.Locks.Any(l => l.Path.Equals(held.Path) && l.Shared == held.Shared) || path.Locks.Length == 0).ToList();
                        Assert.NotEmpty(standsFor);
                    }
                }

                var single = large.Widen();
                if (single.Paths.Length == 1 && large.Paths.Length > FlowState.MaxPaths)
                {
                    foreach (var held in single.Paths[0].DefinitelyHeld)
                    {
                        Assert.All(large.Paths, p => Assert.Contains(p.Locks, l => l.Path.Equals(held.Path) && !l.IsMaybe));
                    }
                }
            }
        }

        [Fact]
        public void FactsDifferingInOneTypedField_AreDifferent()
        {
            var a = U.Locks[0];
            var plain = Held(a);
            var variants = new[]
            {
                plain.AsMaybe(),
                plain.AsUncorrelated(),
                plain.WithDepth(2),
                plain.WithDepth(2).AsMaybe(),
                plain.With(upgradeable: true, nested: false, reentrant: false, upgradedFrom: null),
                plain.With(upgradeable: false, nested: false, reentrant: false, upgradedFrom: Held(a, shared: true)),
                Held(a, shared: true),
            };

            var states = new[] { plain }.Concat(variants).Select(h => PathState.Empty.WithLock(h)).ToList();
            for (var i = 0; i < states.Count; i++)
            {
                for (var j = 0; j < states.Count; j++)
                {
                    Assert.Equal(i == j, states[i].Equals(states[j]));
                    Assert.Equal(i == j, states[i].SameLockset(states[j]));
                }
            }
        }

        [Fact]
        public void Provenance_IsNotIdentity()
        {
            var a = U.Locks[0];
            var byLock = Held(a);
            var byTry = new HeldLock(a, LockClass.Of(a), LockDiscipline.Analyzers.Annotations.LockKind.Blocking, false, site: null, spellingRoot: null, calleePath: null, byTryAcquire: true, fromContract: false);
            Assert.True(PathState.Empty.WithLock(byLock).Equals(PathState.Empty.WithLock(byTry)));
        }

        [Fact]
        public void MaybeAtDepthTwo_IsNotHeldAtDepthTwo()
        {
            // The string keys of old gave both "A#2": a depth change dropped the maybe marker.
            var a = U.Locks[0];
            var sure = PathState.Empty.WithLock(Held(a).WithDepth(2));
            var maybe = PathState.Empty.WithLock(Held(a).AsMaybe().WithDepth(2));
            Assert.False(sure.Equals(maybe));
            Assert.True(maybe.Locks[0].IsMaybe);
        }

        private static string Show(FlowState state) => state.IsUnreachable ? "⊥" : string.Join(" ∨ ", state.Paths.Select(p => p + Values(p)));

        private static string Values(PathState p) => p.Values.Count == 0 ? "" : "[" + string.Join(",", p.Values.Select(v => v.Key + "=" + v.Value.Bool)) + "]";
    }
}

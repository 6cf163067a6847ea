using System.Collections.Generic;
using System.Text;

namespace LockDiscipline.Benchmark
{
    /// <summary>
    /// Generates a codebase of a given number of methods, in classes of ten. A locking class has five
    /// methods that touch no lock (arithmetic, loops, strings, collections) and five that use locks the
    /// way concurrent code does (a spin lock with try/finally, ordered locks with a try-lock and
    /// reorder, conditional locking, a lock statement, a maybe-null handle checked before use, a call
    /// to an unannotated helper that the inference must close over). A plain class has ten lock-free
    /// methods. <c>lockingShare</c> is the share of methods that touch a lock: 0.5 (every class a
    /// locking one, the default) is the lock-dense code of a kernel subsystem; most codebases are far
    /// below it. The code is correct: the analyzers should report nothing, so the benchmark measures
    /// analysis, not reporting.
    /// </summary>
    public static class SyntheticCodebase
    {
        public const string Prelude = @"
global using System;
global using System.Collections.Generic;
global using System.Threading;
global using LockDiscipline;

[LockType(LockKind.Spin)]
public sealed class Spin
{
    private int _held;
    [Acquires] public void Lock() { while (Interlocked.CompareExchange(ref _held, 1, 0) != 0) Thread.SpinWait(1); }
    [Releases] public void Unlock() => Volatile.Write(ref _held, 0);
    [TryAcquires(true)] public bool TryLock() => Interlocked.CompareExchange(ref _held, 1, 0) == 0;
}

public readonly struct Handle
{
    private readonly object? _target;
    public Handle(object target) { _target = target; }
    public bool IsNull => _target is null;
}

public static class Kernel
{
    [MightSleep] public static void CondResched() => Thread.Yield();
    [MightSleep, MayDrop(""l"")] public static void CondReschedLock(Spin l) { l.Unlock(); CondResched(); l.Lock(); }
    [return: MaybeNullHandle] public static Handle Find(int key) => key % 3 == 0 ? default : new Handle(key);
    public static void Release([NonNullHandle] Handle h) { }
}
";

        public const double DenseShare = 0.5;

        public static IEnumerable<(string Path, string Text)> Generate(int methods, double lockingShare = DenseShare)
        {
            yield return ("Prelude.cs", Prelude);
            var classes = (methods + 9) / 10;
            var lockingClasses = System.Math.Min(1.0, lockingShare / DenseShare);
            for (var c = 0; c < classes; c++)
            {
                // Spread the locking classes evenly: class c is one when the running count steps up.
                var locking = (int)((c + 1) * lockingClasses) > (int)(c * lockingClasses);
                yield return ($"Unit{c}.cs", locking ? Class(c) : PlainClass(c));
            }
        }

        private static string LockFreeMethods(int c) => $@"
        public int Sum(int[] values)
        {{
            var total = 0;
            foreach (var v in values)
            {{
                if (v < 0) continue;
                total += v * {c % 7 + 1};
            }}
            return total;
        }}

        public string Describe(int key) => key switch
        {{
            0 => ""zero"",
            < 0 => ""negative "" + (-key).ToString(),
            _ => string.Concat(""unit{c}:"", Clamp(key, 0, 1000).ToString()),
        }};

        public int Fib(int n)
        {{
            int a = 0, b = 1;
            for (var i = 0; i < n; i++) {{ var t = a + b; a = b; b = t; }}
            return a;
        }}

        public bool Contains(int x)
        {{
            for (var i = 0; i < _items.Count; i++) if (_items[i] == x) return true;
            return false;
        }}

        public int Clamp(int x, int lo, int hi) => x < lo ? lo : x > hi ? hi : x;
";

        private static string PlainClass(int c) => $@"
namespace Synthetic
{{
    public sealed class Unit{c}
    {{
        private readonly List<int> _items = new List<int>();
{LockFreeMethods(c)}
        public int Max(int[] values)
        {{
            var max = int.MinValue;
            foreach (var v in values) if (v > max) max = v;
            return max;
        }}

        public void Add(int x)
        {{
            _items.Add(x);
            if (_items.Count > 100) _items.RemoveAt(0);
        }}

        public int[] Reversed(int[] values)
        {{
            var copy = new int[values.Length];
            for (var i = 0; i < values.Length; i++) copy[values.Length - 1 - i] = values[i];
            return copy;
        }}

        public int Hash(string s)
        {{
            var h = {c};
            foreach (var ch in s) h = h * 31 + ch;
            return h;
        }}

        public string? Find(Dictionary<int, string> names, int key) => names.TryGetValue(key, out var name) ? name : null;
    }}
}}
";

        private static string Class(int c)
        {
            var s = new StringBuilder();
            s.Append($@"
namespace Synthetic
{{
    public sealed class Unit{c}
    {{
        [AcquiredBefore(typeof(Unit{c}), nameof(Inner))] public readonly Spin Outer = new Spin();
        public readonly Spin Inner = new Spin();
        private readonly object _gate = new object();
        private readonly List<int> _items = new List<int>();
        private int _count;

{LockFreeMethods(c)}
        public void Helper{c}(int n) {{ if (n > {c % 5}) Kernel.CondReschedLock(Inner); }}

        public void AddSpin(int x)
        {{
            Inner.Lock();
            try
            {{
                _count += x;
                Helper{c}(x);
            }}
            finally
            {{
                Inner.Unlock();
            }}
        }}

        public int Reorder(bool wantOuter)
        {{
            var outerHeld = false;
            Inner.Lock();
            if (wantOuter && !Outer.TryLock())
            {{
                Inner.Unlock();
                Outer.Lock();
                Inner.Lock();
            }}
            outerHeld = wantOuter;
            var seen = _count;
            Inner.Unlock();
            if (outerHeld) Outer.Unlock();
            return seen;
        }}

        public void AddLocked(int x)
        {{
            lock (_gate)
            {{
                _items.Add(x);
                if (_items.Count > 100) _items.RemoveAt(0);
            }}
        }}

        public int UseHandle(int key)
        {{
            var h = Kernel.Find(key);
            if (h.IsNull) return -1;
            Outer.Lock();
            Kernel.Release(h);
            Outer.Unlock();
            return key;
        }}
    }}
}}
");
            return s.ToString();
        }
    }
}

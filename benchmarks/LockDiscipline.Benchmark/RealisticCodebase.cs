using System.Collections.Generic;
using System.Text;

namespace LockDiscipline.Benchmark
{
    /// <summary>
    /// A codebase shaped like the real libraries the analyzers were measured on, rather than like a kernel
    /// subsystem: about one method in fifty takes a lock (a <c>lock</c> statement on a private gate, or a
    /// <c>SemaphoreSlim</c> as an async mutex), every method calls two or three others of the compilation,
    /// a third are <c>async</c>, and the rest is properties, lambdas, LINQ and generics. Nothing in it is a
    /// bug: the benchmark measures analysis, not reporting.
    /// </summary>
    public static class RealisticCodebase
    {
        private const string Prelude = @"
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using System.Threading;
global using System.Threading.Tasks;

public sealed class Box<T> where T : notnull
{
    private readonly List<T> _items = new List<T>();
    public int Count => _items.Count;
    public void Put(T item) => _items.Add(item);
    public IEnumerable<TOut> Map<TOut>(Func<T, TOut> f) => _items.Select(f);
}
";

        /// <summary>One method in this many takes a lock.</summary>
        public const int LockEvery = 50;

        public static IEnumerable<(string Path, string Text)> Generate(int methods)
        {
            yield return ("Prelude.cs", Prelude);
            var classes = (methods + 9) / 10;
            for (var c = 0; c < classes; c++)
            {
                yield return ($"Service{c}.cs", Class(c, classes));
            }
        }

        private static string Class(int c, int classes)
        {
            var next = (c + 1) % classes;
            var text = new StringBuilder();
            text.AppendLine($"public sealed class Service{c}");
            text.AppendLine("{");
            text.AppendLine("    private readonly object _gate = new object();");
            text.AppendLine("    private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);");
            text.AppendLine("    private readonly Box<string> _names = new Box<string>();");
            text.AppendLine("    private int _hits;");
            text.AppendLine($"    public Service{next}? Next {{ get; set; }}");
            text.AppendLine("    public int Hits => _hits;");
            text.AppendLine("    public void Reset() { _hits = 0; GC.KeepAlive(_gate); GC.KeepAlive(_mutex); }");
            for (var m = 0; m < 10; m++)
            {
                var index = c * 10 + m;
                var callee = (m + 1) % 10;
                var other = (m + 3) % 10;
                var locks = index % LockEvery == 0;
                var isAsync = m % 3 == 0;
                if (locks && isAsync)
                {
                    text.AppendLine($"    public async Task<int> M{m}(int x)");
                    text.AppendLine("    {");
                    text.AppendLine("        await _mutex.WaitAsync();");
                    text.AppendLine($"        try {{ _hits += x; return await M{callee}Async(x) + H{other}(x); }}");
                    text.AppendLine("        finally { _mutex.Release(); }");
                    text.AppendLine("    }");
                }
                else if (locks)
                {
                    text.AppendLine($"    public int M{m}(int x)");
                    text.AppendLine("    {");
                    text.AppendLine($"        lock (_gate) {{ _hits += x; _names.Put(x.ToString()); }}");
                    text.AppendLine($"        return H{callee}(x) + H{other}(x + 1);");
                    text.AppendLine("    }");
                }
                else if (isAsync)
                {
                    text.AppendLine($"    public async Task<int> M{m}(int x)");
                    text.AppendLine("    {");
                    text.AppendLine("        await Task.Yield();");
                    text.AppendLine($"        var values = Enumerable.Range(0, x % 7).Select(i => H{callee}(i)).Where(v => v % 2 == 0).ToList();");
                    text.AppendLine($"        return values.Sum() + H{other}(x);");
                    text.AppendLine("    }");
                }
                else
                {
                    text.AppendLine($"    public int M{m}(int x)");
                    text.AppendLine("    {");
                    text.AppendLine($"        var words = _names.Map(n => n.Length + x).OrderBy(n => n).Take(3);");
                    text.AppendLine($"        return words.Sum() + H{callee}(x) + H{other}(x) + (Next?.Hits ?? 0);");
                    text.AppendLine("    }");
                }

                text.AppendLine($"    public Task<int> M{m}Async(int x) => Task.FromResult(H{m}(x));");
                text.AppendLine($"    private int H{m}(int x) => x < 0 ? 0 : x * {m + 1} + _names.Count;");
            }

            text.AppendLine("}");
            return text.ToString();
        }
    }
}

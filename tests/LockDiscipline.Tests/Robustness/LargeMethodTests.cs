using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using LockDiscipline.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace LockDiscipline.Tests.Robustness
{
    /// <summary>
    /// A 5,000-line method full of locks, try-locks, loops, branches and null checks is analyzed to
    /// completion: the guarded facts stay bounded (no state explosion), so the violation planted at
    /// its end is still found. The time is printed, not asserted (benchmarks measure speed); the
    /// cancellation token only stops a runaway analysis from hanging the suite.
    /// </summary>
    public class LargeMethodTests
    {
        private readonly ITestOutputHelper _output;

        public LargeMethodTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void FiveThousandLineMethod_IsAnalyzedToTheEnd()
        {
            var source = GenerateMethod(targetLines: 5000);
            Assert.True(source.Split('\n').Length >= 5000);

            var stopwatch = Stopwatch.StartNew();
            using var cancel = new CancellationTokenSource(System.TimeSpan.FromMinutes(3));
            var diagnostics = DirectRunner.Analyze(DirectRunner.Compile(new[] { ("Big.cs", source), ("Prelude.cs", Prelude.Source) }), cancel.Token);
            _output.WriteLine($"{source.Split('\n').Length} lines analyzed in {stopwatch.ElapsedMilliseconds} ms");

            // Exactly the planted violations: one LD0001 and one LD0002, at the end of the method.
            Assert.Equal(new[] { "LD0001", "LD0002" }, diagnostics.Select(d => d.Id).OrderBy(i => i).ToArray());
            Assert.All(diagnostics, d => Assert.Contains("planted", d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString()));
        }

        /// <summary>
        /// Blocks of realistic lock use, each balanced, over locals whose values correlate with the
        /// locks (conditional locking, try-lock results in bools), repeated until the method is long.
        /// </summary>
        private static string GenerateMethod(int targetLines)
        {
            var body = new StringBuilder();
            var lines = 0;
            for (var i = 0; lines < targetLines; i++)
            {
                var chunk = (i % 5) switch
                {
                    0 => $@"
        var f{i} = flags[{i % 7}];
        if (f{i})
        {{
            o.A.Lock();
        }}
        i.B.Lock();
        for (var k{i} = 0; k{i} < n; k{i}++)
        {{
            if (k{i} % 3 == 0) continue;
            total += k{i};
        }}
        i.B.Unlock();
        if (f{i})
        {{
            o.A.Unlock();
        }}",
                    1 => $@"
        i.B.Lock();
        if (!o.A.TryLock())
        {{
            i.B.Unlock();
            o.A.Lock();
            i.B.Lock();
        }}
        total += {i};
        i.B.Unlock();
        o.A.Unlock();",
                    2 => $@"
        var p{i} = Ptes.Get({i});
        if (!p{i}.IsNull)
        {{
            Ptes.Unmap(p{i});
        }}
        while (total > {i} && n > 0)
        {{
            total -= n;
            if (total < 0) break;
        }}",
                    3 => $@"
        bool got{i} = o.A.TryLock();
        if (got{i})
        {{
            i.B.Lock();
            total ^= {i};
            i.B.Unlock();
            o.A.Unlock();
        }}
        switch (total % 4)
        {{
            case 0: total++; break;
            case 1: total--; break;
            default: break;
        }}",
                    _ => $@"
        try
        {{
            i.C.Lock();
            total += n * {i};
        }}
        finally
        {{
            i.C.Unlock();
        }}
        Sched.CondResched();",
                };
                body.Append(chunk);
                lines += chunk.Count(c => c == '\n');
            }

            return $@"
class Big
{{
    int Run(Outer o, Inner i, bool[] flags, int n)
    {{
        var total = 0;
{body}
        i.B.Lock();
        o.A.Lock(); // planted
        Sched.CondResched(); // planted
        o.A.Unlock();
        i.B.Unlock();
        return total;
    }}
}}";
        }
    }
}

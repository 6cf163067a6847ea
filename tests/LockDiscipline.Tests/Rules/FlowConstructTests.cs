using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// LD0001 and LD0002 through every flow construct of SPEC §4. Each construct is one scenario in
    /// which a lock is held at the places marked <c>WARN</c> and not held at the places marked
    /// <c>QUIET</c>; the scenario is run once with an out-of-order acquire as the probe (LD0001, with
    /// B held) and once with a sleeping call (LD0002, with a spin lock held).
    /// </summary>
    public class FlowConstructTests
    {
        private static readonly Dictionary<string, string> Scenarios = new Dictionary<string, string>
        {
            ["IfElse"] = "if (c) { LOCK; WARN; UNLOCK; } else { QUIET; }",
            ["ForWithBreakAndContinue"] = "for (var k = 0; k < n; k++) { LOCK; if (k == 1) { UNLOCK; continue; } WARN; if (k == 2) { UNLOCK; break; } UNLOCK; QUIET; } QUIET;",
            ["WhileHeldAcrossBackEdge"] = "LOCK; while (n-- > 0) { WARN; } UNLOCK; QUIET;",
            ["ForeachReleasedEachIteration"] = "foreach (var x in xs) { LOCK; WARN; UNLOCK; } QUIET;",
            ["DoWhile"] = "do { LOCK; WARN; UNLOCK; QUIET; } while (n-- > 0);",
            ["ConditionalAnd"] = "if (c && d) { LOCK; } if (c && d) { WARN; UNLOCK; } QUIET;",
            ["ConditionalOr"] = "if (c || d) { LOCK; WARN; UNLOCK; } QUIET;",
            ["ConditionalExpression"] = "LOCK; var y = c ? 1 : n; WARN; UNLOCK; var z = d ? n : 2; QUIET;",
            ["Switch"] = "switch (n) { case 0: LOCK; WARN; UNLOCK; break; case 1: QUIET; break; default: LOCK; UNLOCK; QUIET; break; }",
            ["SwitchExpressionArm"] = "LOCK; var w = n switch { 0 => 1, _ => 2 }; WARN; UNLOCK; QUIET;",
            ["TryFinally"] = "LOCK; try { WARN; } finally { UNLOCK; } QUIET;",
            ["TryCatch"] = "LOCK; try { WARN; } catch (System.InvalidOperationException) { WARN; } UNLOCK; QUIET;",
            ["EarlyReturn"] = "LOCK; if (c) { UNLOCK; return; } WARN; UNLOCK; QUIET;",
            ["Throw"] = "LOCK; if (c) { UNLOCK; throw new System.Exception(); } WARN; UNLOCK; QUIET;",
            ["Goto"] = "LOCK; if (c) goto done; WARN; done: UNLOCK; QUIET;",
            ["LocalFunction"] = "void F() { LOCK; WARN; UNLOCK; } LOCK; UNLOCK; F(); QUIET;",
            ["Lambda"] = "System.Action a = () => { LOCK; WARN; UNLOCK; QUIET; }; LOCK; UNLOCK; a(); QUIET;",
            ["TryLockResultInBool"] = "bool got = TRYLOCK; if (got) { WARN; UNLOCK; } QUIET;",
            ["TryLockInCondition"] = "if (!TRYLOCK) { QUIET; return; } WARN; UNLOCK; QUIET;",
            ["ConditionalLockingOnNullCheck"] = "var h = c ? holder : null; if (h != null) HLOCK; if (h != null) { WARN; } if (h != null) HUNLOCK; QUIET;",
            ["LockTakenFlag"] = "bool taken = false; try { if (c) { LOCK; taken = true; } if (taken) { WARN; } } finally { if (taken) UNLOCK; } QUIET;",
        };

        public static IEnumerable<object[]> Cases() =>
            Scenarios.Keys.SelectMany(name => new[] { new object[] { name, "LD0001" }, new object[] { name, "LD0002" } });

        [Theory]
        [MemberData(nameof(Cases))]
        public Task Construct_WarnsWhereHeld_QuietWhereNot(string scenario, string rule)
        {
            var (held, probe, after) = rule == "LD0001"
                ? ("i.B", "o.A.Lock()", " o.A.Unlock();")
                : ("s", "Sched.CondResched()", "");
            var body = Scenarios[scenario]
                .Replace("WARN", "{|" + rule + ":" + probe + "|};" + after)
                .Replace("QUIET", probe + ";" + after)
                .Replace("HLOCK", "h.Gate.Lock()")
                .Replace("HUNLOCK", "h.Gate.Unlock()")
                .Replace("TRYLOCK", held + ".TryLock()")
                .Replace("UNLOCK", held + ".Unlock()")
                .Replace("LOCK", held + ".Lock()");
            if (rule == "LD0001")
            {
                body = body.Replace("h.Gate", "h.B");
            }
            else
            {
                body = body.Replace("h.Gate", "h.S");
            }

            return Verify.Diagnostics($@"
class Holder {{ [LockDiscipline.AcquiredAfter(typeof(Outer), nameof(Outer.A))] public readonly Spin B = new Spin(); public readonly Spin S = new Spin(); }}
class Scenario
{{
    void Run(Outer o, Inner i, Spin s, Holder holder, bool c, bool d, int n, int[] xs)
    {{
        {body}
    }}
}}");
        }
    }
}

using LockDiscipline.Analyzers.Summaries;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>
    /// LD0016: a <c>[NeverSleeps]</c> method whose body calls something that might sleep, as the
    /// compilation's closed call graph shows (so reported when the compilation ends).
    /// </summary>
    internal static class LD0016NeverSleepsSleepsRule
    {
        public static void Report(DiagnosticCollector diagnostics, SleepVerdicts verdicts)
        {
            foreach (var (method, site, chain) in verdicts.NeverSleepersThatSleep)
            {
                diagnostics.Report(Descriptors.NeverSleepsSleeps, site.Location, null, method.Name, site.Description, chain);
            }
        }
    }
}

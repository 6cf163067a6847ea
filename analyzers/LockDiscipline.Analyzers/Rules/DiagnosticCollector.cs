using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>Reports diagnostics once per rule and location, however many paths reach the same operation.</summary>
    internal sealed class DiagnosticCollector
    {
        private readonly Action<Diagnostic> _report;
        private readonly HashSet<(string, Location, string)> _seen = new HashSet<(string, Location, string)>();

        public DiagnosticCollector(Action<Diagnostic> report)
        {
            _report = report;
        }

        public void Report(DiagnosticDescriptor descriptor, Location location, IEnumerable<Location>? additional, params object[] args) =>
            Report(descriptor, location, additional, null, args);

        public void Report(DiagnosticDescriptor descriptor, Location location, IEnumerable<Location>? additional,
            System.Collections.Immutable.ImmutableDictionary<string, string?>? properties, params object[] args)
        {
            var key = (descriptor.Id, location, args.Length > 0 ? args[0]?.ToString() ?? "" : "");
            if (_seen.Add(key))
            {
                _report(Diagnostic.Create(descriptor, location, additional?.Where(l => l.IsInSource), properties, args));
            }
        }
    }
}

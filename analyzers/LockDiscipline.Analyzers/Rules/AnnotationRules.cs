using System;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Rules
{
    /// <summary>The annotation checks' reports: LD0009 (a cycle in the declared order) and LD0100 (an invalid annotation).</summary>
    internal static class AnnotationRules
    {
        /// <summary>LD0009 at one order attribute that lies on the cycle, naming the whole cycle.</summary>
        public static void OrderCycle(Action<Diagnostic> report, Location attribute, string cycle) =>
            report(Diagnostic.Create(Descriptors.OrderCycle, attribute, cycle));

        /// <summary>LD0100 at the attribute, with what is wrong with it.</summary>
        public static void InvalidAnnotation(Action<Diagnostic> report, Location attribute, string problem) =>
            report(Diagnostic.Create(Descriptors.InvalidAnnotation, attribute, problem));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Xunit;

namespace LockDiscipline.Tests.Architecture
{
    /// <summary>
    /// What the compilation-wide summaries keep lives until the compilation's end. An operation kept there
    /// keeps its whole control-flow graph and its semantic model alive — with every body of its file bound —
    /// for that long; syntax and symbols live as long anyway. So nothing reachable from those summaries'
    /// fields may be an operation, a graph or a semantic model (a weak reference is not a reference).
    /// </summary>
    public class RetentionTests
    {
        /// <summary>The objects made once per compilation in <c>LockFlowAnalyzer</c>'s start action.</summary>
        private static readonly Type[] PerCompilation =
        {
            typeof(AnalysisServices), typeof(GuardInference), typeof(SleepInference), typeof(AcquisitionGraph),
            typeof(CallGraph), typeof(OnDemandScans), typeof(ContractInference), typeof(LockOrder),
        };

        private static readonly Type[] Forbidden = { typeof(IOperation), typeof(SemanticModel), typeof(ControlFlowGraph), typeof(BasicBlock) };

        [Fact]
        public void PerCompilationSummariesKeepNoOperationGraphOrModel()
        {
            var found = new List<string>();
            var seen = new HashSet<Type>();
            foreach (var root in PerCompilation)
            {
                Walk(root, root.Name, seen, found);
            }

            Assert.True(found.Count == 0, "kept until the compilation's end:\n" + string.Join("\n", found));
        }

        [Fact]
        public void TheWalkFindsAnOperationKeptThroughACollection()
        {
            var found = new List<string>();
            Walk(typeof(KeepsOperations), nameof(KeepsOperations), new HashSet<Type>(), found);
            Assert.Equal(new[] { "KeepsOperations._kept → IOperation" }, found);
        }

        private sealed class KeepsOperations
        {
#pragma warning disable CS0169, CS0649 // only its type is read
            private List<(string, IOperation)>? _kept;
            private WeakReference<SemanticModel>? _weak;
#pragma warning restore CS0169, CS0649
        }

        /// <summary>Every type a value of <paramref name="type"/> can hold, through its fields, generic arguments and array elements.</summary>
        private static void Walk(Type type, string path, HashSet<Type> seen, List<string> found)
        {
            if (Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type)) is { } forbidden)
            {
                found.Add(path + " → " + forbidden.Name);
                return;
            }

            if (!seen.Add(type) || typeof(Delegate).IsAssignableFrom(type)
                || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(WeakReference<>))
            {
                return; // a delegate computes, it does not hold; a weak reference does not keep its target
            }

            if (type.IsArray)
            {
                Walk(type.GetElementType()!, path, seen, found);
                return;
            }

            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
            {
                Walk(argument, path, seen, found);
            }

            // Fields only of our own types: the collections' and Roslyn's internals are reached through the arguments above.
            if (type.Assembly != typeof(GuardInference).Assembly && type.Assembly != typeof(RetentionTests).Assembly)
            {
                return;
            }

            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    Walk(field.FieldType, path + "." + field.Name, seen, found);
                }
            }
        }
    }
}

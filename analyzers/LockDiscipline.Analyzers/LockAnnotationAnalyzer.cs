using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.Annotations;
using LockDiscipline.Analyzers.Flow;
using LockDiscipline.Analyzers.LockExpressions;
using LockDiscipline.Analyzers.Ordering;
using LockDiscipline.Analyzers.Prefilter;
using LockDiscipline.Analyzers.Rules;
using LockDiscipline.Analyzers.Summaries;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockDiscipline.Analyzers
{
    /// <summary>
    /// Checks the annotations themselves: every lock expression resolves and every attribute is on a
    /// member it can describe (LD0100), and the declared order has no cycle (LD0009). Symbol actions
    /// only, so it costs nothing in bodies, and none at all in code that carries no annotation.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockAnnotationAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.InvalidAnnotation, Descriptors.OrderCycle);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                // Code that carries none of the attributes has no annotation to check: no symbol is visited.
                if (!LockRelevantNames.For(start.Compilation).SourceCarriesAnnotations)
                {
                    return;
                }

                start.RegisterSymbolAction(CheckMethod, SymbolKind.Method);
                start.RegisterSymbolAction(CheckLockMember, SymbolKind.Field, SymbolKind.Property);
            });
        }

        private static void CheckMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (!DeclaredAttributes.MayHave(method))
            {
                return;
            }

            foreach (var attribute in method.GetAttributes())
            {
                var name = attribute.AttributeClass?.Name;
                if (name is null || !AttributeNames.Is(attribute, name))
                {
                    continue;
                }

                if (AttributeNames.LockLists.Contains(name))
                {
                    var first = AttributeNames.FirstLockArgument(name);
                    foreach (var (text, path, error) in ContractReader.LockExpressions(attribute, method, first))
                    {
                        if (path is null)
                        {
                            Report(context, attribute, $"{Short(name)} on '{method.Name}': {error}");
                        }
                    }
                }

                if (name == AttributeNames.TryAcquires && method.ReturnType.SpecialType != SpecialType.System_Boolean)
                {
                    Report(context, attribute, $"[TryAcquires] on '{method.Name}', which does not return bool");
                }
            }

            if (AttributeNames.Has(method, AttributeNames.MightSleep) && AttributeNames.Has(method, AttributeNames.NeverSleeps))
            {
                Report(context, method.GetAttributes().First(a => AttributeNames.Is(a, AttributeNames.NeverSleeps)),
                    $"'{method.Name}' is both [MightSleep] and [NeverSleeps]");
            }

            foreach (var attribute in method.GetReturnTypeAttributes())
            {
                if (AttributeNames.Is(attribute, AttributeNames.MaybeNullHandle) && !Handles.IsHandleType(method.ReturnType))
                {
                    Report(context, attribute, $"[return: MaybeNullHandle] on '{method.Name}', whose return type '{method.ReturnType.Name}' is not a handle");
                }
            }

            foreach (var parameter in method.Parameters)
            {
                foreach (var attribute in parameter.GetAttributes())
                {
                    if (AttributeNames.Is(attribute, AttributeNames.NonNullHandle) && !Handles.IsHandleType(parameter.Type))
                    {
                        Report(context, attribute, $"[NonNullHandle] on parameter '{parameter.Name}', whose type '{parameter.Type.Name}' is not a handle");
                    }
                    else if (AttributeNames.Is(attribute, AttributeNames.MaybeNullHandle)
                        && (parameter.RefKind != RefKind.Out || !Handles.IsHandleType(parameter.Type)))
                    {
                        Report(context, attribute, $"[MaybeNullHandle] on parameter '{parameter.Name}', which is not an out parameter of a handle type");
                    }
                }
            }
        }

        private static void CheckLockMember(SymbolAnalysisContext context)
        {
            var member = context.Symbol;
            if (!DeclaredAttributes.MayHave(member))
            {
                return;
            }

            var hasOrder = false;
            foreach (var attribute in member.GetAttributes())
            {
                if (AttributeNames.Is(attribute, AttributeNames.GuardedBy))
                {
                    var text = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                    if (LockExpressionParser.Resolve(text, member, out var error) is null)
                    {
                        Report(context, attribute, $"[GuardedBy] on '{member.Name}': {error}");
                    }
                }
                else if (AttributeNames.Is(attribute, AttributeNames.AcquiredBefore) || AttributeNames.Is(attribute, AttributeNames.AcquiredAfter))
                {
                    hasOrder = true;
                    if (LockOrder.ResolveTarget(attribute) is null)
                    {
                        var type = attribute.ConstructorArguments.Length > 0 ? (attribute.ConstructorArguments[0].Value as ITypeSymbol)?.Name : null;
                        var target = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string : null;
                        Report(context, attribute, $"{Short(attribute.AttributeClass!.Name)} on '{member.Name}': '{type}' has no field or property '{target}'");
                    }
                }
            }

            if (!hasOrder)
            {
                return;
            }

            // Only members that declare an order pay for building it (once per compilation).
            var order = LockOrder.For(context.Compilation);
            var self = new LockClass(member);
            if (!order.IsBefore(self, self))
            {
                return;
            }

            // Report on this member's own edges that lie on the cycle, naming the whole cycle.
            foreach (var edge in LockOrder.DeclaredEdges(member))
            {
                var other = edge.Before.Equals(self) ? edge.After : edge.Before;
                if (order.IsBefore(other, self) && order.IsBefore(self, other))
                {
                    AnnotationRules.OrderCycle(context.ReportDiagnostic, LocationOf(edge.Attribute, member), CycleText(order, self));
                }
            }
        }

        /// <summary>The declared cycle through <paramref name="start"/>, from it and back: <c>L.A → L.B → L.A</c>.</summary>
        private static string CycleText(LockOrder order, LockClass start)
        {
            var successors = order.SourceEdges.GroupBy(e => e.Before).ToDictionary(g => g.Key, g => g.Select(e => e.After).Distinct().ToList());
            var cycle = LockCycles.Find(successors, Comparer<LockClass>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString())))
                .FirstOrDefault(c => c.Contains(start));
            if (cycle is null)
            {
                return start + " → " + start;
            }

            var from = cycle.IndexOf(start);
            var names = cycle.Skip(from).Concat(cycle.Take(from)).Select(c => c.ToString()).ToList();
            names.Add(start.ToString());
            return string.Join(" → ", names);
        }

        private static string Short(string attributeName) => "[" + attributeName.Replace("Attribute", "") + "]";

        private static Location LocationOf(AttributeData attribute, ISymbol owner) =>
            attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? owner.Locations.FirstOrDefault() ?? Location.None;

        private static void Report(SymbolAnalysisContext context, AttributeData attribute, string message) =>
            AnnotationRules.InvalidAnnotation(context.ReportDiagnostic, LocationOf(attribute, context.Symbol), message);
    }
}

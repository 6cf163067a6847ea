using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace BindingProbe
{
    /// <summary>
    /// Binds, in a semantic model of its own (nothing shared with the compiler's driver or another analyzer), every
    /// method body whose text spells one of <see cref="Words"/>, and walks its operations once. The words are the
    /// lock-dense synthetic codebase's: each of its lock-taking shapes spells <c>Lock</c>, <c>lock</c> or <c>Kernel</c>
    /// (its spin lock's methods, the <c>lock</c> statement, its sleeping calls), and no other of its methods does.
    /// When the compiler process exits it prints to its standard error how many bodies it bound.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BindingProbeAnalyzer : DiagnosticAnalyzer
    {
        // An enabled warning, never reported: csc skips an analyzer whose diagnostics are all disabled.
        private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor("BINDPROBE0", "nothing", "nothing", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        private static readonly string[] Words = { "Lock", "lock", "Kernel" };

        private static int s_hooked;
        private static int s_bodies;
        private static long s_operations;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            if (Interlocked.Exchange(ref s_hooked, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, __) =>
                    Console.Error.WriteLine($"binding-probe: {s_bodies} bodies bound, {s_operations} operations walked");
            }

            context.RegisterCompilationStartAction(start =>
            {
                var compilation = start.Compilation;
                start.RegisterSyntaxTreeAction(tree => BindIn(compilation, tree));
            });
        }

        private static void BindIn(Compilation compilation, SyntaxTreeAnalysisContext tree)
        {
            SemanticModel? model = null; // made only for a file with such a body
            foreach (var node in tree.Tree.GetRoot(tree.CancellationToken).DescendantNodes())
            {
                if (node is not MethodDeclarationSyntax { } method || (method.Body ?? (SyntaxNode?)method.ExpressionBody) is not { } body || !Spells(body.ToString()))
                {
                    continue;
                }

                model ??= compilation.GetSemanticModel(tree.Tree);
                if (model.GetOperation(method, tree.CancellationToken) is { } operation)
                {
                    var count = 0;
                    foreach (var _ in operation.Descendants())
                    {
                        count++;
                    }

                    Interlocked.Increment(ref s_bodies);
                    Interlocked.Add(ref s_operations, count);
                }
            }
        }

        private static bool Spells(string text)
        {
            foreach (var word in Words)
            {
                if (text.Contains(word))
                {
                    return true;
                }
            }

            return false;
        }
    }
}

using System;
using System.Collections.Immutable;
using LockDiscipline.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockDiscipline.Tests.Robustness
{
    /// <summary>The robustness sweeps are only as good as their runner: it must fail when an analyzer throws.</summary>
    public class RunnerSelfTests
    {
        [Fact]
        public void ThrowingAnalyzer_FailsTheRunner()
        {
            var compilation = DirectRunner.Compile(new[] { ("A.cs", "class A { void M() { M(); } }") });
            var error = Assert.Throws<InvalidOperationException>(() =>
                DirectRunner.Analyze(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new Throwing())));
            Assert.Contains("boom", error.Message);
        }

        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class Throwing : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor("TEST0", "t", "t", "t", DiagnosticSeverity.Warning, true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterOperationAction(_ => throw new InvalidOperationException("boom"), OperationKind.Invocation);
            }
        }
    }
}

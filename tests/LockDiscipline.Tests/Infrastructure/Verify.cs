using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LockDiscipline.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LockDiscipline.Tests.Infrastructure
{
    /// <summary>Both analyzers, with the test prelude's lock types and the annotations assembly.</summary>
    public sealed class LockAnalyzerTest : CSharpAnalyzerTest<LockFlowAnalyzer, DefaultVerifier>
    {
        /// <summary>
        /// The annotations assembly, read once per process: one reference object for every test lets
        /// Roslyn reuse its assembly symbol, where a reference made per test (what adding the
        /// <see cref="System.Reflection.Assembly"/> does) is read and bound again each time.
        /// </summary>
        private static readonly MetadataReference AnnotationsReference =
            MetadataReference.CreateFromFile(typeof(AcquiresAttribute).Assembly.Location);

        public LockAnalyzerTest(bool withPrelude = true)
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
            // Both analyzers list LD0100 (the flow analyzer reports [NeverSleeps] bodies that sleep).
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
            TestState.AdditionalReferences.Add(AnnotationsReference);
            if (withPrelude)
            {
                TestState.Sources.Add(("Prelude.cs", Prelude.Source));
            }
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
            new DiagnosticAnalyzer[] { new LockFlowAnalyzer(), new LockAnnotationAnalyzer() };
    }

    public static class Verify
    {
        /// <summary>Runs both analyzers on <paramref name="source"/> (with the prelude) and checks the diagnostics exactly.</summary>
        /// <remarks>LD0018 (hidden: the inferred contract's light bulb) is left out; <see cref="DiagnosticsWithInferredContracts"/> checks it.</remarks>
        public static Task Diagnostics(string source, params DiagnosticResult[] expected) =>
            Run(source, withPrelude: true, inferredContracts: false, expected);

        /// <summary>The same, with LD0018's hidden diagnostics among those checked.</summary>
        public static Task DiagnosticsWithInferredContracts(string source, params DiagnosticResult[] expected) =>
            Run(source, withPrelude: true, inferredContracts: true, expected);

        /// <summary>The same, with no prelude: the source declares what it uses.</summary>
        public static Task DiagnosticsWithoutPrelude(string source, params DiagnosticResult[] expected) =>
            Run(source, withPrelude: false, inferredContracts: false, expected);

        /// <summary>
        /// The same, with <c>.editorconfig</c> setting <paramref name="key"/> to <paramref name="value"/> for every
        /// file (nothing set when it is null), and LD0018 checked too.
        /// </summary>
        public static Task DiagnosticsWithOption(string key, string? value, bool withPrelude, string source, params DiagnosticResult[] expected) =>
            Run(source, withPrelude, inferredContracts: true, expected,
                value is null ? null : $"root = true\n[*.cs]\n{key} = {value}\n");

        private static Task Run(string source, bool withPrelude, bool inferredContracts, DiagnosticResult[] expected, string? editorConfig = null)
        {
            var test = new LockAnalyzerTest(withPrelude) { TestCode = source };
            if (editorConfig is not null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
            }

            if (!inferredContracts)
            {
                test.DisabledDiagnostics.Add("LD0018");
            }

            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public static DiagnosticResult Warning(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

        public static DiagnosticResult Error(string id) => new DiagnosticResult(id, DiagnosticSeverity.Error);

        public static DiagnosticResult Hidden(string id) => new DiagnosticResult(id, DiagnosticSeverity.Hidden);
    }
}

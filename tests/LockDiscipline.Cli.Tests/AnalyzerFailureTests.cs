using LockDiscipline.Cli.Analysis;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LockDiscipline.Cli.Tests
{
    public class AnalyzerFailureTests
    {
        [Fact]
        public void AD0001_PrintsItsFirstLine_NotTheStackTrace()
        {
            var thrown = Diagnostic.Create("AD0001", "Compiler",
                "Analyzer 'LockFlowAnalyzer' threw an exception of type 'System.InvalidOperationException' with message 'boom'.\n   at LockDiscipline.Analyzers.X.Y()\n   at Z()",
                DiagnosticSeverity.Warning, DiagnosticSeverity.Warning, true, 1);
            var shown = SolutionAnalysis.WithoutStackTrace(thrown);
            var message = shown.GetMessage();
            Assert.StartsWith("Analyzer 'LockFlowAnalyzer' threw an exception of type 'System.InvalidOperationException' with message 'boom'.", message);
            Assert.DoesNotContain("   at ", message);
            Assert.DoesNotContain("\n", message);
            Assert.Equal(DiagnosticSeverity.Warning, shown.Severity);
        }

        [Fact]
        public void OtherDiagnostics_Untouched()
        {
            var other = Diagnostic.Create("LD0004", "LockDiscipline", "one line\nand another", DiagnosticSeverity.Warning, DiagnosticSeverity.Warning, true, 1);
            Assert.Same(other, SolutionAnalysis.WithoutStackTrace(other));
        }
    }
}

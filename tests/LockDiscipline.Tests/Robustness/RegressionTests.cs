using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Robustness
{
    /// <summary>Inputs that once made an analyzer throw, kept so that they never do again.</summary>
    public class RegressionTests
    {
        [Fact]
        public void LambdaWithTryCatch_InsideAUsingDeclaration_IsAnalyzedWithoutThrowing()
        {
            // An AD0001 (IndexOutOfRangeException in the driver) seen building reference/ (MmStress.RunRound).
            const string source = @"
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

class C
{
    void M(List<Action> workers)
    {
        var failures = new List<string>();
        using var start = new ManualResetEventSlim(false);
        var threads = workers.Select(w => new Thread(() =>
        {
            try
            {
                start.Wait();
                w();
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(ex.Message);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
    }
}";
            Assert.Empty(DirectRunner.Analyze(DirectRunner.Compile(new[] { ("C.cs", source) })));
        }
    
        [Fact]
        public void LambdaWithTryFinally_InsideATry_IsStillAnalyzedAsItsOwnBody()
        {
            // The same shape, with a real violation inside the lambda: found, at the right place.
            const string source = @"
using System;
using System.Threading;

class C
{
    private SpinLock _spin = new SpinLock(false);

    void M(ManualResetEventSlim gate)
    {
        try
        {
            Action a = () =>
            {
                var taken = false;
                try
                {
                    _spin.Enter(ref taken);
                    gate.Wait();
                }
                finally
                {
                    if (taken) _spin.Exit();
                }
            };
            a();
        }
        finally
        {
            gate.Set();
        }
    }
}";
            var diagnostics = DirectRunner.Analyze(DirectRunner.Compile(new[] { ("C.cs", source) }));
            var only = Assert.Single(diagnostics);
            Assert.Equal("LD0002", only.Id);
            Assert.Equal(19, only.Location.GetLineSpan().StartLinePosition.Line + 1);
        }
    }
}

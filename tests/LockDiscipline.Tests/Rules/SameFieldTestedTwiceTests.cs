using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// An optional lock in a field, taken and released through <c>?.</c>: the two tests of a field the body
    /// never writes are one condition, so the release pairs with the acquire.
    /// </summary>
    public class SameFieldTestedTwiceTests
    {
        [Fact]
        public Task OptionalMutex_TakenAndReleasedThroughConditionalAccess_NoWarning() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Exporter
{
    private readonly Mutex? _crossProcess;
    private int _written;
    public Exporter(bool shared) { _crossProcess = shared ? new Mutex() : null; }
    public void Export()
    {
        _crossProcess?.WaitOne();
        _written++;
        _crossProcess?.ReleaseMutex();
    }
}");

        [Fact]
        public Task OptionalMutex_NotReleasedOnAnEarlyReturn_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Exporter
{
    private readonly Mutex? _crossProcess;
    private int _written;
    public Exporter(bool shared) { _crossProcess = shared ? new Mutex() : null; }
    public void Export(bool skip)
    {
        {|#0:_crossProcess?.WaitOne()|};
        if (skip) return;
        _written++;
        _crossProcess?.ReleaseMutex();
    }
}", Verify.Warning("LD0004").WithLocation(0).WithArguments("_crossProcess", 10, "'Export()'", "returns on some path"));

        [Fact]
        public Task FieldWrittenBetweenTheTests_IsNotTheSameCondition_Warns() => Verify.Diagnostics(@"
using System.Threading;
public sealed class Exporter
{
    private Mutex? _crossProcess;
    public void Export(Mutex? next)
    {
        {|#0:_crossProcess?.WaitOne()|};
        _crossProcess = next;
        {|#1:_crossProcess?.ReleaseMutex()|};
    }
}",
            Verify.Warning("LD0004").WithLocation(0).WithArguments("_crossProcess", 8, "'Export()'", "returns on some path"),
            Verify.Warning("LD0006").WithLocation(1).WithArguments("_crossProcess"));
    }
}

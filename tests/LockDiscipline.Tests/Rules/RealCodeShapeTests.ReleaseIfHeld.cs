using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>
    /// A clean-up that releases only what is still held (session 23, a logging library's cross-process file lock:
    /// <c>End()</c> gives the mutex back only if a <c>Begin()</c> left it taken, and <c>Close()</c> calls it in a
    /// <c>finally</c> without holding it).
    /// </summary>
    public partial class RealCodeShapeTests
    {
        private const string SharedLogHead = @"
using System.IO;
using System.Threading;
public sealed class SharedLog
{
    private readonly Mutex _machineWide = new Mutex(false);
    private Stream? _file;
    private int _owned;

    public void Open(string path) { {|#0:_file|} = File.Open(path, FileMode.Append); }

    public Stream? Begin()
    {
        _machineWide.WaitOne();
        _owned++;
        if (_file is not null && _file.CanSeek) _file.Seek(0, SeekOrigin.End);
        return _file;
    }

    public void Append(byte value)
    {
        Begin();
        try { _file?.WriteByte(value); }
        finally { End(); }
    }

    public void Close()
    {
        try { if (_file is not null) { _file.Dispose(); _file = null; } }
        finally { End(); }
    }
";

        [Fact]
        public Task CleanUpThatReleasesOnlyIfStillHeld_CalledWithoutTheLock_NoWarning() => Verify.Diagnostics((SharedLogHead + @"
    public void End()
    {
        if (_owned > 0) { _owned--; _machineWide.ReleaseMutex(); }
    }
}").Replace("{|#0:_file|}", "_file"));

        /// <summary>
        /// The twin: <c>End()</c> releases whatever the state, so <c>Close()</c> can only be called holding the mutex, its
        /// accesses are guarded ones, and <c>Open</c>'s unguarded write is the odd one out.
        /// </summary>
        [Fact]
        public Task CleanUpThatAlwaysReleases_UnguardedWriteElsewhere_Warns() => Verify.Diagnostics((SharedLogHead + @"
    public void End()
    {
        _owned--;
        _machineWide.ReleaseMutex();
    }
}").Replace("if (_file is not null && _file.CanSeek) _file.Seek", "if ({|#1:_file|} is not null && {|#2:_file|}.CanSeek) {|#3:_file|}.Seek"),
            Verify.Warning("LD0013").WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
                .WithArguments("_file", "written", "_machineWide", "8 other sites", "line 14"));

        /// <summary>No attribute states "releases only if held": the light bulb offers the acquire's attribute, not the clean-up's.</summary>
        [Fact]
        public Task CleanUpThatReleasesOnlyIfStillHeld_IsOfferedNoAttribute() => Verify.DiagnosticsWithInferredContracts((SharedLogHead + @"
    public void End()
    {
        if (_owned > 0) { _owned--; _machineWide.ReleaseMutex(); }
    }
}").Replace("{|#0:_file|}", "_file").Replace("public Stream? Begin()", "public Stream? {|#0:Begin|}()"),
            Verify.Hidden("LD0018").WithLocation(0).WithArguments("Begin()", "returns holding '_machineWide'", "[Acquires(\"_machineWide\")]"));
    }
}

namespace LockDiscipline.Tests.Infrastructure
{
    /// <summary>
    /// .NET 9's System.Threading.Lock, declared in test sources since the tests compile against .NET 8;
    /// the analyzers know it by name, and lock (Lock) is lowered through its EnterScope() and the scope's
    /// Dispose(), as for the real one.
    /// </summary>
    public static class ThreadingLockStub
    {
        public const string Source = @"
namespace System.Threading
{
    public sealed class Lock
    {
        public void Enter() { }
        public void Exit() { }
        public Scope EnterScope() => default;
        public ref struct Scope { public void Dispose() { } }
    }
}
";
    }
}

namespace LockDiscipline.Tests.Infrastructure
{
    /// <summary>
    /// Lock types the rule tests share, in the kernel's shape: a spin lock, a sleeping lock, the
    /// scheduler calls, a pte-like handle, and three lock classes A, B, C with A before B before C.
    /// </summary>
    public static class Prelude
    {
        public const string Source = @"
using LockDiscipline;

[LockType(LockKind.Spin)]
public sealed class Spin
{
    [Acquires] public void Lock() { }
    [Releases] public void Unlock() { }
    [TryAcquires(true)] public bool TryLock() => true;
}

[LockType(LockKind.Blocking)]
public sealed class SleepLock
{
    [Acquires] public void Lock() { }
    [Releases] public void Unlock() { }
    [TryAcquires(true)] public bool TryLock() => true;
}

public static class Sched
{
    [MightSleep] public static void CondResched() { }

    [MightSleep, MayDrop(""l"")]
    public static void CondReschedLock(Spin l) { l.Unlock(); CondResched(); l.Lock(); }
}

public readonly struct Pte
{
    private readonly object? _page;
    public Pte(object page) { _page = page; }
    public bool IsNull => _page is null;
}

public static class Ptes
{
    [return: MaybeNullHandle] public static Pte Get(int addr) => default;
    public static bool TryGet(int addr, [MaybeNullHandle] out Pte pte) { pte = default; return false; }
    public static void Unmap([NonNullHandle] Pte pte) { }
    public static void Free([NonNullHandle] object page) { }
    [return: MaybeNullHandle] public static object? Lookup(int addr) => null;
}

public sealed class Outer
{
    [AcquiredBefore(typeof(Inner), nameof(Inner.B))]
    public readonly Spin A = new Spin();
}

public sealed class Inner
{
    public readonly Spin B = new Spin();

    [AcquiredAfter(typeof(Inner), nameof(B))]
    public readonly Spin C = new Spin();
}
";
    }
}

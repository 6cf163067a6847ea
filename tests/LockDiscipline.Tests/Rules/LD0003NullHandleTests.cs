using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0003: maybe-null handles are checked before they reach a [NonNullHandle] parameter.</summary>
    public class LD0003NullHandleTests
    {
        [Fact]
        public Task UncheckedMaybeNull_Warns_NamingTheValueAndTheParameter() => Verify.Diagnostics(@"
class C1
{
    void M()
    {
        var dst = Ptes.Get(1);
        Ptes.Unmap({|#0:dst|});
    }
}",
            Verify.Warning("LD0003").WithLocation(0).WithArguments("dst", "'Unmap()'", "pte"));

        [Fact]
        public Task CheckedEveryWay_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M()
    {
        var a = Ptes.Get(1);
        if (!a.IsNull) Ptes.Unmap(a);

        var b = Ptes.Lookup(2);
        if (b != null) Ptes.Free(b);
        if (b is not null) Ptes.Free(b);
        if (b is { }) Ptes.Free(b);
        if (!(b is null)) Ptes.Free(b);
        if (null != b) Ptes.Free(b);

        var c = Ptes.Get(3);
        if (c.IsNull) return;
        Ptes.Unmap(c);

        var d = Ptes.Lookup(4);
        if (d == null) throw new System.InvalidOperationException();
        Ptes.Free(d);
    }
}");

        [Fact]
        public Task PatchShape_DstCheckedOnlyOnTheAllocPath_NoWarning() => Verify.Diagnostics(@"
class C1
{
    void M(int addr)
    {
        var src = Ptes.Get(addr);
        if (!src.IsNull)
        {
            var dst = Ptes.Get(addr + 1);
            if (dst.IsNull)
            {
                Ptes.Unmap(src);
                dst = Ptes.Get(addr + 1);
                src = Ptes.Get(addr);
            }
            if (!src.IsNull) Ptes.Unmap(src);
            if (!dst.IsNull) Ptes.Unmap(dst);
        }
    }
}");

        [Fact]
        public Task NullOnOnePath_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(bool c)
    {
        Pte p = default;
        if (c) p = new Pte(new object());
        Ptes.Unmap({|LD0003:p|});
    }
}");

        [Fact]
        public Task CheckedInTheWrongBranch_Warns() => Verify.Diagnostics(@"
class C1
{
    void M()
    {
        var p = Ptes.Get(1);
        if (p.IsNull) Ptes.Unmap({|LD0003:p|});
    }
}");

        [Fact]
        public Task OutParameter_MaybeNull_Warns_UnlessChecked() => Verify.Diagnostics(@"
class C1
{
    void M()
    {
        Ptes.TryGet(1, out var p);
        Ptes.Unmap({|LD0003:p|});
        Ptes.TryGet(2, out var q);
        if (!q.IsNull) Ptes.Unmap(q);
    }
}");

        [Fact]
        public Task DoesNotReturnHelpers_CountAsChecks() => Verify.Diagnostics(@"
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
class C1
{
    [DoesNotReturn] static void Fail() => throw new System.Exception();
    static void Check([DoesNotReturnIf(false)] bool ok) { if (!ok) throw new System.Exception(); }

    void M()
    {
        var a = Ptes.Get(1);
        if (a.IsNull) Fail();
        Ptes.Unmap(a);

        var b = Ptes.Get(2);
        Check(!b.IsNull);
        Ptes.Unmap(b);
    }
}");

        [Fact]
        public Task NullConditionalAndConditionalExpression_TrackTheCheck() => Verify.Diagnostics(@"
class C1
{
    static void Use(object o) { }
    void M()
    {
        var o = Ptes.Lookup(1);
        var s = o?.ToString();
        var t = o != null ? o : new object();
        Ptes.Free(t);
        Ptes.Free({|LD0003:o|});
    }
}");

        [Fact]
        public Task CheckedInALoop_NoWarning_UncheckedAcrossIterations_Warns() => Verify.Diagnostics(@"
class C1
{
    void M(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var p = Ptes.Get(i);
            if (p.IsNull) continue;
            Ptes.Unmap(p);
        }

        var q = new Pte(new object());
        for (var i = 0; i < n; i++)
        {
            Ptes.Unmap({|LD0003:q|});
            q = Ptes.Get(i);
        }
    }
}");

        [Fact]
        public Task NullableStructAndComparisonWithDefault() => Verify.DiagnosticsWithoutPrelude(@"
using LockDiscipline;
class H
{
    [return: MaybeNullHandle] static int? Find() => null;
    [return: MaybeNullHandle] static System.IntPtr Map() => default;
    static void Use([NonNullHandle] int? v) { }
    static void Touch([NonNullHandle] System.IntPtr p) { }

    void M()
    {
        var v = Find();
        if (v.HasValue) Use(v);
        Use({|LD0003:v|});
        var p = Map();
        if (p != default) Touch(p);
        Touch({|LD0003:p|});
    }
}");
    }
}

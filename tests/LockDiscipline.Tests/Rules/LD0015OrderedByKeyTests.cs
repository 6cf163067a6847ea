using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0015: two instances of one lock class nested after ordering them by a key is the standard, safe idiom.</summary>
    public class LD0015OrderedByKeyTests
    {
        private const string Account = @"
public sealed class Account
{
    public readonly object Gate = new object();
    public int Id;
    public int Balance;
}
";

        [Fact]
        public Task OrderedByKey_InAnIfElse_OrThroughADeconstruction_NoWarning() => Verify.Diagnostics(Account + @"
public static class Bank
{
    public static void Transfer(Account from, Account to, int amount)
    {
        if (from.Id < to.Id)
        {
            lock (from.Gate) { lock (to.Gate) { Move(from, to, amount); } }
        }
        else
        {
            lock (to.Gate) { lock (from.Gate) { Move(from, to, amount); } }
        }
    }

    public static void Swap(Account x, Account y)
    {
        var (first, second) = x.Id.CompareTo(y.Id) < 0 ? (x, y) : (y, x);
        lock (first.Gate)
        {
            lock (second.Gate) { (x.Balance, y.Balance) = (y.Balance, x.Balance); }
        }
    }

    private static void Move(Account from, Account to, int amount) { from.Balance -= amount; to.Balance += amount; }
}");

        [Fact]
        public Task NestedWithoutOrdering_OrUnderATestThatOrdersNothing_Warns() => Verify.Diagnostics(Account + @"
public static class Bank
{
    public static void Transfer(Account from, Account to, int amount)
    {
        if (amount > 0)
        {
            lock ({|#1:from.Gate|}) { lock ({|#0:to.Gate|}) { from.Balance -= amount; to.Balance += amount; } }
        }
    }
}", Verify.Warning("LD0015").WithLocation(0).WithLocation(1).WithArguments("to.Gate", "from.Gate", 15, "Account.Gate"));
    }
}

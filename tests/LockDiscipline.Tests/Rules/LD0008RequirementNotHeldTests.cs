using System.Threading.Tasks;
using LockDiscipline.Tests.Infrastructure;
using Xunit;

namespace LockDiscipline.Tests.Rules
{
    /// <summary>LD0008: [Requires] at call sites; [GuardedBy] reads need the lock, writes need it exclusive.</summary>
    public class LD0008RequirementNotHeldTests
    {
        private const string Account = @"
using System.Threading;
using LockDiscipline;

public sealed class Account
{
    public readonly Spin Lock = new Spin();
    public readonly ReaderWriterLockSlim Rw = new ReaderWriterLockSlim();

    [GuardedBy(nameof(Lock))] public long Balance;
    [GuardedBy(nameof(Rw))] public int Version { get; set; }

    public Account() { Balance = 0; } // a constructor's object is not shared yet

    [Requires(""Lock"")] public void Deposit(long amount) { Balance += amount; }
}
";

        [Fact]
        public Task RequiresCalledWithoutTheLock_Warns() => Verify.Diagnostics(Account + @"
class C1
{
    void M(Account a)
    {
        {|#0:a.Deposit(1)|};
        a.Lock.Lock();
        a.Deposit(2);
        a.Lock.Unlock();
    }
}",
            Verify.Warning("LD0008").WithLocation(0).WithArguments("'Deposit()'", "a.Lock", "Requires(\"Lock\")"));

        [Fact]
        public Task GuardedReadsAndWrites_Warn_WithoutTheLock_OrWritingUnderAReadLock() => Verify.Diagnostics(Account + @"
class C1
{
    long Read(Account a) => {|#0:a.Balance|};

    void Write(Account a) { {|#1:a.Balance|} = 5; }

    void UnderRead(Account a)
    {
        a.Rw.EnterReadLock();
        var v = a.Version;
        {|#2:a.Version|} = v + 1;
        a.Rw.ExitReadLock();
    }
}",
            Verify.Warning("LD0008").WithLocation(0).WithArguments("Reading 'Balance'", "a.Lock", "GuardedBy"),
            Verify.Warning("LD0008").WithLocation(1).WithArguments("Writing 'Balance'", "a.Lock", "GuardedBy"),
            Verify.Warning("LD0008").WithLocation(2).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations));

        [Fact]
        public Task GuardedAccessUnderItsLock_AndRequiresBodies_NoWarning() => Verify.Diagnostics(Account + @"
class C1
{
    long Read(Account a)
    {
        a.Lock.Lock();
        var b = a.Balance;
        a.Balance = b + 1;
        a.Lock.Unlock();
        a.Rw.EnterWriteLock();
        a.Version++;
        a.Rw.ExitWriteLock();
        return b;
    }

    [LockDiscipline.Requires(""a.Lock"")]
    long Peek(Account a) => a.Balance;
}");

        [Fact]
        public Task LambdaRunsImmediately_SeesTheCallersLocks_OtherLambdasDoNot() => Verify.Diagnostics(@"
using System;
using System.Collections.Generic;
" + Account + @"
static class Locked
{
    public static void Run(Spin s, [RunsImmediately] Action body) { s.Lock(); body(); s.Unlock(); }
}

class C1
{
    void M(Account a, List<int> xs)
    {
        a.Lock.Lock();
        xs.ForEach(x => a.Balance += x);
        Action later = () => {|#0:a.Balance|}++;
        a.Lock.Unlock();
        later();
    }
}",
            Verify.Warning("LD0008").WithLocation(0).WithArguments("Writing 'Balance'", "a.Lock", "GuardedBy"));
    
        [Fact]
        public Task RequiresIsExclusive_RequiresSharedTakesEither_AssertsHeldCountsAsHeld() => Verify.Diagnostics(@"
using System.Threading;
using LockDiscipline;

public sealed class Index
{
    public readonly ReaderWriterLockSlim Rw = new ReaderWriterLockSlim();
    [GuardedBy(nameof(Rw))] public int Count;

    [Requires(""Rw"")] public void Add() { Count++; }
    [RequiresShared(""Rw"")] public int Size() => Count;
    [AssertsHeld(""Rw"")] public void AssertLocked() { }
}

class C1
{
    void M(Index i)
    {
        i.Rw.EnterReadLock();
        var n = i.Size();
        {|#0:i.Add()|};
        i.Rw.ExitReadLock();
    }

    void CalledLocked(Index i)
    {
        i.AssertLocked();
        i.Count++;
    }
}",
            Verify.Warning("LD0008").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("'Add()'", "i.Rw", "Requires(\"Rw\")", 19));
    }
}

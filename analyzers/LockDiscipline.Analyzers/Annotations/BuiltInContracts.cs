using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>
    /// What LockDiscipline knows about .NET's own locks and blocking calls without annotations
    /// (SPEC §3): <c>SpinLock</c> spins; <c>Monitor</c>, <c>Lock</c>, <c>ReaderWriterLockSlim</c>,
    /// <c>Mutex</c> and <c>SemaphoreSlim</c> block; the listed waits might sleep.
    /// </summary>
    internal static class BuiltInContracts
    {
        /// <summary>
        /// Every name (as code spells it: a property without <c>get_</c>) that <see cref="For"/>,
        /// <see cref="ForReceiver"/> or <see cref="ForOrdinary"/> gives a contract: a body that spells
        /// none of them calls no built-in lock or wait. Keep in step with the switch below; a test
        /// enumerates the .NET types and checks it.
        /// </summary>
        /// <summary>
        /// The part of <see cref="Names"/> whose contracts take, release or assert a lock (not those that only
        /// sleep): a body that spells none of them, and no annotated name, holds no lock of its own, and what
        /// its callers need of it is worked out on demand. A test checks it against the contracts.
        /// </summary>
        public static readonly ImmutableHashSet<string> LockNames = ImmutableHashSet.Create(
            "Enter", "TryEnter", "Exit", "Wait", "IsEntered", "EnterScope",
            "EnterReadLock", "EnterUpgradeableReadLock", "EnterWriteLock",
            "TryEnterReadLock", "TryEnterUpgradeableReadLock", "TryEnterWriteLock",
            "ExitReadLock", "ExitUpgradeableReadLock", "ExitWriteLock",
            "ReleaseMutex", "Release", "WaitOne", "WaitAsync");

        public static readonly ImmutableHashSet<string> Names = ImmutableHashSet.Create(
            "Enter", "TryEnter", "Exit", "Wait", "IsEntered", "EnterScope",
            "EnterReadLock", "EnterUpgradeableReadLock", "EnterWriteLock",
            "TryEnterReadLock", "TryEnterUpgradeableReadLock", "TryEnterWriteLock",
            "ExitReadLock", "ExitUpgradeableReadLock", "ExitWriteLock",
            "ReleaseMutex", "Release", "Sleep", "Join", "SignalAndWait", "WaitOne", "WaitAll", "WaitAny",
            "Result", "GetResult", "ForEach", "WaitAsync");

        /// <summary>
        /// The release that pairs with a parameterless .NET acquire (<c>EnterReadLock</c> → <c>ExitReadLock</c>,
        /// <c>WaitOne</c> on a <c>Mutex</c> → <c>ReleaseMutex</c>, …), by type and method name; null for others.
        /// (<c>Monitor.Enter(x)</c> takes its lock as an argument and pairs with <c>Monitor.Exit(x)</c>.)
        /// </summary>
        public static string? ReleaseOf(string typeName, string acquireName) => (typeName, acquireName) switch
        {
            ("ReaderWriterLockSlim", "EnterReadLock") => "ExitReadLock",
            ("ReaderWriterLockSlim", "EnterWriteLock") => "ExitWriteLock",
            ("ReaderWriterLockSlim", "EnterUpgradeableReadLock") => "ExitUpgradeableReadLock",
            ("Lock", "Enter") => "Exit",
            ("Mutex", "WaitOne") => "ReleaseMutex",
            ("SemaphoreSlim", "Wait") => "Release",
            _ => null,
        };

        public static MethodContract? For(IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type is null || !InSystemThreading(type))
            {
                return null;
            }

            var name = method.Name;
            var parameters = method.Parameters;
            var self = ImmutableArray.Create(LockPath.ForThis(type));
            var display = type.Name + "." + name;
            var hasTimeout = parameters.Any(p => p.Type.SpecialType == SpecialType.System_Int32 || p.Type.Name == "TimeSpan");
            var sleepsIfTimeout = hasTimeout ? SleepDeclaration.MightSleep : SleepDeclaration.NeverSleeps;

            switch (type.Name)
            {
                case "SpinLock":
                    return name switch
                    {
                        "Enter" => new MethodContract { Acquires = self, LockTakenParameter = RefBool(method), BuiltInName = display, Sleep = SleepDeclaration.NeverSleeps },
                        "TryEnter" => new MethodContract { TryAcquires = self, LockTakenParameter = RefBool(method), BuiltInName = display, Sleep = SleepDeclaration.NeverSleeps },
                        "Exit" => new MethodContract { Releases = self, BuiltInName = display },
                        _ => null,
                    };

                case "Monitor":
                    if (parameters.Length == 0 || parameters[0].Type.SpecialType != SpecialType.System_Object)
                    {
                        return null;
                    }

                    var target = ImmutableArray.Create(LockPath.ForParameter(parameters[0]));
                    return name switch
                    {
                        "Enter" => new MethodContract { Acquires = target, LockTakenParameter = RefBool(method), KindOverride = LockKind.Blocking, Reentrant = true, BuiltInName = display },
                        "TryEnter" => new MethodContract { TryAcquires = target, LockTakenParameter = RefBool(method), KindOverride = LockKind.Blocking, Reentrant = true, Sleep = sleepsIfTimeout, BuiltInName = display },
                        "Exit" => new MethodContract { Releases = target, KindOverride = LockKind.Blocking, BuiltInName = display },
                        "Wait" => new MethodContract { Sleep = SleepDeclaration.MightSleep, BuiltInName = display },
                        "IsEntered" => new MethodContract { AssertsHeld = target, KindOverride = LockKind.Blocking, Sleep = SleepDeclaration.NeverSleeps, BuiltInName = display },
                        _ => null,
                    };

                case "Lock":
                    return name switch
                    {
                        "Enter" => new MethodContract { Acquires = self, Reentrant = true, BuiltInName = display },
                        "EnterScope" => new MethodContract { Acquires = self, Reentrant = true, ReturnsScope = true, BuiltInName = display },
                        "TryEnter" => new MethodContract { TryAcquires = self, Reentrant = true, Sleep = sleepsIfTimeout, BuiltInName = display },
                        "Exit" => new MethodContract { Releases = self, BuiltInName = display },
                        _ => null,
                    };

                case "ReaderWriterLockSlim":
                    return name switch
                    {
                        "EnterReadLock" => new MethodContract { AcquiresShared = self, BuiltInName = display },
                        "EnterUpgradeableReadLock" => new MethodContract { AcquiresShared = self, Upgradeable = true, BuiltInName = display },
                        "EnterWriteLock" => new MethodContract { Acquires = self, BuiltInName = display },
                        "TryEnterReadLock" => new MethodContract { TryAcquires = self, TryAcquiresShared = true, Sleep = sleepsIfTimeout, BuiltInName = display },
                        "TryEnterUpgradeableReadLock" => new MethodContract { TryAcquires = self, TryAcquiresShared = true, Upgradeable = true, Sleep = sleepsIfTimeout, BuiltInName = display },
                        "TryEnterWriteLock" => new MethodContract { TryAcquires = self, Sleep = sleepsIfTimeout, BuiltInName = display },
                        "ExitReadLock" => new MethodContract { ReleasesShared = self, BuiltInName = display },
                        "ExitUpgradeableReadLock" => new MethodContract { ReleasesShared = self, Upgradeable = true, BuiltInName = display },
                        "ExitWriteLock" => new MethodContract { Releases = self, BuiltInName = display },
                        _ => null,
                    };

                case "Mutex":
                    return name == "ReleaseMutex" ? new MethodContract { Releases = self, Reentrant = true, BuiltInName = display } : null;

                case "SemaphoreSlim":
                    if (name == "Wait")
                    {
                        return method.ReturnType.SpecialType == SpecialType.System_Boolean
                            ? new MethodContract { TryAcquires = self, Sleep = SleepDeclaration.MightSleep, Reentrant = true, BuiltInName = display }
                            : new MethodContract { Acquires = self, Sleep = SleepDeclaration.MightSleep, Reentrant = true, BuiltInName = display };
                    }

                    if (name == "WaitAsync" && method.ReturnType is INamedTypeSymbol { IsGenericType: false })
                    {
                        // await WaitAsync(): held once the await completes; the await is what suspends.
                        return new MethodContract { Acquires = self, Reentrant = true, BuiltInName = display };
                    }

                    return name == "Release" ? new MethodContract { Releases = self, BuiltInName = display } : null;

                case "Thread" when name is "Sleep" or "Join":
                case "ManualResetEventSlim" when name == "Wait":
                case "CountdownEvent" when name == "Wait":
                case "Barrier" when name == "SignalAndWait":
                case "WaitHandle" when name is "WaitOne" or "WaitAll" or "WaitAny" or "SignalAndWait":
                case "Task" when name is "Wait" or "WaitAll" or "WaitAny" or "get_Result":
                case "TaskAwaiter" or "ConfiguredTaskAwaiter" or "ValueTaskAwaiter" when name == "GetResult":
                    return new MethodContract { Sleep = SleepDeclaration.MightSleep, BuiltInName = display.Replace("get_", "") };
            }

            return null;
        }

        /// <summary>
        /// A built-in try-acquire called with an infinite timeout, as what it is: an acquire that blocks until it
        /// holds the lock and then returns true (or sets its <c>lockTaken</c> flag). Null for any other call.
        /// </summary>
        public static MethodContract? WaitingForever(MethodContract contract, ImmutableArray<IArgumentOperation> arguments)
        {
            if (contract.BuiltInName is null || contract.TryAcquires.IsEmpty || arguments.IsDefault || !HasInfiniteTimeout(arguments))
            {
                return null;
            }

            return new MethodContract
            {
                Acquires = contract.TryAcquiresShared ? ImmutableArray<LockPath>.Empty : contract.TryAcquires,
                AcquiresShared = contract.TryAcquiresShared ? contract.TryAcquires : ImmutableArray<LockPath>.Empty,
                Upgradeable = contract.Upgradeable,
                Reentrant = contract.Reentrant,
                KindOverride = contract.KindOverride,
                LockTakenParameter = contract.LockTakenParameter,
                Sleep = contract.Sleep, // a spin lock's TryEnter(-1) spins as its Enter does: it does not sleep
                BuiltInName = contract.BuiltInName,
                ReturnsTrue = true,
            };
        }

        /// <summary>
        /// <c>TimeSpan.FromMilliseconds(-1)</c> (or of <c>Timeout.Infinite</c>): the infinite <c>TimeSpan</c> spelled out. Other units
        /// are not matched: <c>FromSeconds(-1)</c> is a negative timeout the wait rejects, not an infinite one.
        /// </summary>
        private static bool IsMinusOneMillisecond(IOperation value) =>
            value is IInvocationOperation { TargetMethod: { Name: "FromMilliseconds", ContainingType: { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }, Arguments: { Length: >= 1 } parts }
            && Unconverted(parts[0].Value).ConstantValue is { HasValue: true, Value: -1 or -1L or -1.0 or -1.0f }
            && parts.Skip(1).All(part => Unconverted(part.Value).ConstantValue is { HasValue: true, Value: 0 or 0L }); // .NET 9's (milliseconds, microseconds = 0)

        private static IOperation Unconverted(IOperation value)
        {
            while (value is IConversionOperation { OperatorMethod: null } conversion)
            {
                value = conversion.Operand;
            }

            return value;
        }

        /// <summary><c>millisecondsTimeout</c> given as the constant -1 (<c>Timeout.Infinite</c>), or a <c>TimeSpan</c> given as <c>Timeout.InfiniteTimeSpan</c> or <c>TimeSpan.FromMilliseconds(-1)</c>.</summary>
        private static bool HasInfiniteTimeout(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                var value = Unconverted(argument.Value);
                if (argument.Parameter is { Name: "millisecondsTimeout", Type.SpecialType: SpecialType.System_Int32 }
                    && value.ConstantValue is { HasValue: true, Value: -1 })
                {
                    return true;
                }

                if (value is IFieldReferenceOperation { Field: { Name: "InfiniteTimeSpan", ContainingType: { Name: "Timeout" } timeoutType } } && InSystemThreading(timeoutType))
                {
                    return true;
                }

                if (IsMinusOneMillisecond(value))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A contract that depends on the receiver's type: <c>WaitOne</c> on a <c>Mutex</c> acquires it.</summary>
        public static MethodContract? ForReceiver(IMethodSymbol method, ITypeSymbol? receiverType)
        {
            if (method.Name == "WaitOne" && LockTypes.IsSystemThreading(receiverType, "Mutex"))
            {
                var self = ImmutableArray.Create(LockPath.ForThis(receiverType));
                return method.Parameters.Length == 0
                    ? new MethodContract { Acquires = self, Sleep = SleepDeclaration.MightSleep, Reentrant = true, BuiltInName = "Mutex.WaitOne" }
                    : new MethodContract { TryAcquires = self, Sleep = SleepDeclaration.MightSleep, Reentrant = true, BuiltInName = "Mutex.WaitOne" };
            }

            return null;
        }

        /// <summary>
        /// Unannotated library methods that run a delegate argument before they return, on the calling
        /// thread: <c>List&lt;T&gt;.ForEach</c>, <c>Array.ForEach</c>, <c>ImmutableInterlocked.Update</c>'s kin are not
        /// listed (they may retry), only the plain ones.
        /// </summary>
        public static MethodContract? ForOrdinary(IMethodSymbol method)
        {
            if (method.Name == "ForEach" && method.ContainingType is { } type
                && ((type.Name == "List" && type.ContainingNamespace?.ToDisplayString() == ListNamespace)
                    || (type.Name == "Array" && type.ContainingNamespace?.ToDisplayString() == ArrayNamespace)))
            {
                var action = method.Parameters.LastOrDefault();
                return action is null ? null : new MethodContract { RunsImmediatelyParameters = ImmutableArray.Create(action.Ordinal) };
            }

            return null;
        }

        private static int RefBool(IMethodSymbol method) =>
            method.Parameters.FirstOrDefault(p => p.RefKind == RefKind.Ref && p.Type.SpecialType == SpecialType.System_Boolean)?.Ordinal ?? -1;

        private static bool InSystemThreading(INamedTypeSymbol type)
        {
            var ns = type.ContainingNamespace;
            while (type.ContainingType is not null)
            {
                type = type.ContainingType;
                ns = type.ContainingNamespace;
            }

            foreach (var name in ThreadingNamespaces)
            {
                if (IsNamed(ns, name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether <paramref name="ns"/> is the namespace <paramref name="dotted"/> spells, read segment by segment from
        /// the innermost: asked for the containing type of every method called, where spelling the namespace out was a
        /// string built each time.
        /// </summary>
        private static bool IsNamed(INamespaceSymbol? ns, string dotted)
        {
            for (var end = dotted.Length; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                var dot = end > 0 ? dotted.LastIndexOf('.', end - 1) : -1;
                var start = dot + 1;
                var name = ns.Name;
                if (end - start != name.Length || string.CompareOrdinal(dotted, start, name, 0, name.Length) != 0)
                {
                    return false;
                }

                if (dot < 0)
                {
                    return ns.ContainingNamespace is null or { IsGlobalNamespace: true };
                }

                end = dot;
            }

            return false;
        }

        /// <summary>The namespaces whose types' own methods <see cref="For"/> gives contracts.</summary>
        private static readonly string[] ThreadingNamespaces = { "System.Threading", "System.Threading.Tasks", "System.Runtime.CompilerServices" };

        private const string ListNamespace = "System.Collections.Generic";
        private const string ArrayNamespace = "System";

        /// <summary>
        /// False when no method of a type declared in namespace <paramref name="name"/> (as spelled, outermost type)
        /// can have a built-in contract: the pre-filter then needs neither the method's symbol nor its contract.
        /// </summary>
        public static bool MayApplyInNamespace(string name) =>
            System.Array.IndexOf(ThreadingNamespaces, name) >= 0 || name == ListNamespace || name == ArrayNamespace;
    }
}

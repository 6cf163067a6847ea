using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockDiscipline.Analyzers.LockExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Annotations
{
    /// <summary>
    /// Reads and caches method contracts for one compilation: attributes first, then built-in
    /// knowledge of .NET locks and sleeping calls. Unresolvable lock expressions are skipped here;
    /// the annotation analyzer reports them (LD0100).
    /// </summary>
    internal sealed class ContractReader
    {
        private readonly ConcurrentDictionary<IMethodSymbol, MethodContract> _cache =
            new ConcurrentDictionary<IMethodSymbol, MethodContract>(SymbolEqualityComparer.Default);

        private readonly ConcurrentDictionary<ISymbol, GuardInfo> _guards =
            new ConcurrentDictionary<ISymbol, GuardInfo>(SymbolEqualityComparer.Default);

        /// <summary>The lock a <c>[GuardedBy]</c> field or property names, in terms of its own <c>this</c>; null if none.</summary>
        public LockPath? GuardOf(ISymbol member) => _guards.GetOrAdd(member.OriginalDefinition, ReadGuard).Lock;

        private static GuardInfo ReadGuard(ISymbol member)
        {
            if (!DeclaredAttributes.MayHave(member))
            {
                return GuardInfo.None;
            }

            foreach (var attribute in member.GetAttributes())
            {
                if (AttributeNames.Is(attribute, AttributeNames.GuardedBy))
                {
                    var text = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                    return new GuardInfo(LockExpressionParser.Resolve(text, member, out _));
                }
            }

            return GuardInfo.None;
        }

        private sealed class GuardInfo
        {
            public static readonly GuardInfo None = new GuardInfo(null);

            public GuardInfo(LockPath? lockPath) { Lock = lockPath; }

            public LockPath? Lock { get; }
        }

        /// <summary>
        /// Infers the lock clauses of an unannotated method of the compilation from its body (a lock
        /// wrapper), or returns null; set once per compilation by the layer that can analyze bodies.
        /// </summary>
        public Func<IMethodSymbol, MethodContract?>? Inference { get; set; }

        /// <summary>
        /// The contract a method is checked by, inside and at its calls: the written one; for a method whose
        /// attributes say nothing about locks, with the lock clauses its body shows (written always wins).
        /// </summary>
        public MethodContract Effective(IMethodSymbol method)
        {
            var declared = For(method);
            if (Inference is null || declared.TouchesLocks || declared.NoLockAnalysis || declared.BuiltInName is not null
                || method.DeclaringSyntaxReferences.IsEmpty)
            {
                return declared;
            }

            return Inference(method.ReducedFrom ?? method.OriginalDefinition) is { } inferred ? declared.WithLocksOf(inferred) : declared;
        }

        /// <summary>The written contract (attributes, or built-in knowledge of .NET), never inferred.</summary>
        public MethodContract For(IMethodSymbol method)
        {
            var key = method.ReducedFrom ?? method.OriginalDefinition;
            return _cache.GetOrAdd(key, Read);
        }

        private static MethodContract Read(IMethodSymbol method)
        {
            var builtIn = BuiltInContracts.For(method);
            if (builtIn is not null)
            {
                return builtIn;
            }

            if (BuiltInContracts.ForOrdinary(method) is { } ordinary)
            {
                return ordinary;
            }

            if (!DeclaredAttributes.MayHave(method))
            {
                return Unannotated(method);
            }

            var attributes = method.GetAttributes();
            if (attributes.IsEmpty && method.GetReturnTypeAttributes().IsEmpty && method.Parameters.All(p => p.GetAttributes().IsEmpty))
            {
                return Unannotated(method);
            }

            var acquires = new List<LockPath>();
            var acquiresShared = new List<LockPath>();
            var releases = new List<LockPath>();
            var releasesShared = new List<LockPath>();
            var requiresShared = new List<LockPath>();
            var assertsHeld = new List<LockPath>();
            var nested = false;
            var tryAcquires = new List<LockPath>();
            var requires = new List<LockPath>();
            var excludes = new List<LockPath>();
            var mayDrop = new List<LockPath>();
            var tryResult = true;
            var sleep = SleepDeclaration.Unknown;
            var noAnalysis = false;
            var any = false;

            foreach (var attribute in attributes)
            {
                var type = attribute.AttributeClass;
                if (type?.ContainingNamespace is not { Name: AttributeNames.Namespace })
                {
                    continue;
                }

                any = true;
                switch (type.Name)
                {
                    case AttributeNames.Acquires: AddLocks(acquires, attribute, method, 0); break;
                    case AttributeNames.AcquiresShared: AddLocks(acquiresShared, attribute, method, 0); break;
                    case AttributeNames.Releases: AddLocks(releases, attribute, method, 0); break;
                    case AttributeNames.ReleasesShared: AddLocks(releasesShared, attribute, method, 0); break;
                    case AttributeNames.RequiresShared: AddLocks(requiresShared, attribute, method, 0); break;
                    case AttributeNames.AssertsHeld: AddLocks(assertsHeld, attribute, method, 0); break;
                    case AttributeNames.AcquiresNested: AddLocks(acquires, attribute, method, 0); nested = true; break;
                    case AttributeNames.Requires: AddLocks(requires, attribute, method, 0); break;
                    case AttributeNames.Excludes: AddLocks(excludes, attribute, method, 0); break;
                    case AttributeNames.MayDrop: AddLocks(mayDrop, attribute, method, 0); break;
                    case AttributeNames.TryAcquires:
                        if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is bool r)
                        {
                            tryResult = r;
                        }

                        AddLocks(tryAcquires, attribute, method, AttributeNames.FirstLockArgument(AttributeNames.TryAcquires));
                        break;
                    case AttributeNames.MightSleep: sleep = SleepDeclaration.MightSleep; break;
                    case AttributeNames.NeverSleeps: sleep = SleepDeclaration.NeverSleeps; break;
                    case AttributeNames.NoLockAnalysis: noAnalysis = true; break;
                }
            }

            var returnsMaybeNull = method.GetReturnTypeAttributes().Any(a => AttributeNames.Is(a, AttributeNames.MaybeNullHandle));
            var maybeNullOut = method.Parameters
                .Where(p => p.RefKind == RefKind.Out && AttributeNames.Has(p, AttributeNames.MaybeNullHandle))
                .Select(p => p.Ordinal).ToImmutableArray();
            var nonNull = method.Parameters
                .Where(p => AttributeNames.Has(p, AttributeNames.NonNullHandle))
                .Select(p => p.Ordinal).ToImmutableArray();
            var runsImmediately = method.Parameters
                .Where(p => AttributeNames.Has(p, AttributeNames.RunsImmediately))
                .Select(p => p.Ordinal).ToImmutableArray();
            var doesNotReturn = AttributeNames.HasSystem(method, "DoesNotReturnAttribute", out _) || ThrowingMethods.ThrowsOnly(method);
            var doesNotReturnIf = ReadDoesNotReturnIf(method);
            if (doesNotReturnIf.IsEmpty && ThrowingMethods.AssertedParameter(method) is var asserted and >= 0)
            {
                doesNotReturnIf = Asserts(asserted).DoesNotReturnIf;
            }

            if (!any && !returnsMaybeNull && maybeNullOut.IsEmpty && nonNull.IsEmpty && !doesNotReturn && doesNotReturnIf.IsEmpty && runsImmediately.IsEmpty)
            {
                return MethodContract.None;
            }

            return new MethodContract
            {
                Acquires = acquires.ToImmutableArray(),
                AcquiresShared = acquiresShared.ToImmutableArray(),
                Releases = releases.ToImmutableArray(),
                ReleasesShared = releasesShared.ToImmutableArray(),
                Nested = nested,
                ReturnsScope = method.MethodKind == MethodKind.Constructor && AttributeNames.Has(method.ContainingType, AttributeNames.ScopedLock),
                RunsImmediatelyParameters = runsImmediately,
                TryAcquires = tryAcquires.ToImmutableArray(),
                TryAcquiresResult = tryResult,
                Requires = requires.ToImmutableArray(),
                Excludes = excludes.ToImmutableArray(),
                RequiresShared = requiresShared.ToImmutableArray(),
                AssertsHeld = assertsHeld.ToImmutableArray(),
                MayDrop = mayDrop.ToImmutableArray(),
                Sleep = sleep,
                NoLockAnalysis = noAnalysis,
                ReturnsMaybeNullHandle = returnsMaybeNull,
                MaybeNullOutParameters = maybeNullOut,
                NonNullHandleParameters = nonNull,
                DoesNotReturn = doesNotReturn,
                DoesNotReturnIf = doesNotReturnIf,
            };
        }

        /// <summary>A throw helper (<c>static void Throw() => throw new …;</c>): a call to it does not return, as if it were <c>[DoesNotReturn]</c>.</summary>
        private static readonly MethodContract AlwaysThrows = new MethodContract { DoesNotReturn = true };

        /// <summary>What a method without attributes is read as: a throw helper, a project's own assert, or nothing.</summary>
        private static MethodContract Unannotated(IMethodSymbol method) =>
            ThrowingMethods.ThrowsOnly(method) ? AlwaysThrows : ThrowingMethods.AssertedParameter(method) is var asserted and >= 0 ? Asserts(asserted) : MethodContract.None;

        /// <summary>A project's own assert (<see cref="ThrowingMethods.AssertedParameter"/>): as if its parameter were <c>[DoesNotReturnIf(false)]</c>.</summary>
        private static MethodContract Asserts(int ordinal) => new MethodContract { DoesNotReturnIf = ImmutableArray.Create((ordinal, false)) };

        private static ImmutableArray<(int, bool)> ReadDoesNotReturnIf(IMethodSymbol method)
        {
            var builder = ImmutableArray.CreateBuilder<(int, bool)>();
            foreach (var p in method.Parameters)
            {
                if (AttributeNames.HasSystem(p, "DoesNotReturnIfAttribute", out var a)
                    && a!.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is bool value)
                {
                    builder.Add((p.Ordinal, value));
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>The lock expressions of an attribute (its string arguments from <paramref name="firstArgument"/> on),
        /// or <c>this</c> for an attribute with none on a member of a lock type.</summary>
        public static IEnumerable<(string? Text, LockPath? Path, string? Error)> LockExpressions(AttributeData attribute, ISymbol annotated, int firstArgument)
        {
            var texts = new List<string?>();
            for (var i = firstArgument; i < attribute.ConstructorArguments.Length; i++)
            {
                var argument = attribute.ConstructorArguments[i];
                if (argument.Kind == TypedConstantKind.Array)
                {
                    if (!argument.IsNull)
                    {
                        texts.AddRange(argument.Values.Select(v => v.Value as string));
                    }
                }
                else if (argument.Value is string s)
                {
                    texts.Add(s);
                }
            }

            if (texts.Count == 0)
            {
                var owner = annotated.ContainingType;
                if (LockTypes.IsLockType(owner))
                {
                    yield return ("this", LockPath.ForThis(owner), null);
                }
                else
                {
                    yield return (null, null, $"it names no lock, and '{owner?.Name}' is not a [LockType]");
                }

                yield break;
            }

            foreach (var text in texts)
            {
                var path = LockExpressionParser.Resolve(text, annotated, out var error);
                yield return (text, path, error);
            }
        }

        private static void AddLocks(List<LockPath> into, AttributeData attribute, IMethodSymbol method, int firstArgument)
        {
            foreach (var (_, path, _) in LockExpressions(attribute, method, firstArgument))
            {
                if (path is not null)
                {
                    into.Add(path);
                }
            }
        }
    }
}

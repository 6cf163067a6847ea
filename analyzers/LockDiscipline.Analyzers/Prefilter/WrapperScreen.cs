using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockDiscipline.Analyzers.Prefilter
{
    /// <summary>
    /// Decides from syntax alone whether a method might be a lock wrapper — a <c>Lock()</c> that enters a
    /// .NET lock and returns holding it, an <c>Unlock()</c> that releases one it did not take, a
    /// <c>TryLock()</c> that returns a try-enter's result — and so have a lock contract inferred from its
    /// body. A wrapper spells an acquire without the release that pairs with it, or the reverse (a release in a
    /// <c>catch</c> does not count: it undoes a failed acquire), or a release before its first acquire (a helper that
    /// lets others in under its caller's lock, <c>Monitor.Exit(l); Monitor.Enter(l);</c>, read as releasing); a body
    /// that spells both, or a <c>lock</c> statement only, is balanced by construction and is not one (a
    /// wrapper of such a body's shape is the bug LD0004 and LD0006 exist for). Only the first
    /// <see cref="MaxTokens"/> tokens are read: wrappers are short, and this runs on every method.
    /// </summary>
    internal static class WrapperScreen
    {
        /// <summary>How far a body is read before it is judged too long to be a wrapper.</summary>
        public const int MaxTokens = 400;

        private static readonly ImmutableHashSet<string> Acquires = ImmutableHashSet.Create(
            "Enter", "TryEnter", "EnterReadLock", "EnterUpgradeableReadLock", "EnterWriteLock",
            "TryEnterReadLock", "TryEnterUpgradeableReadLock", "TryEnterWriteLock", "WaitOne");

        /// <summary>The built-in release methods, by name (a syntactic screen's view: receivers are not resolved).</summary>
        internal static readonly ImmutableHashSet<string> ReleaseNames = ImmutableHashSet.Create(
            "Exit", "ExitReadLock", "ExitUpgradeableReadLock", "ExitWriteLock", "ReleaseMutex");

        /// <summary>
        /// Which way the method's executable parts go: they take (a built-in lock, or through one of
        /// <paramref name="file"/>'s acquiring wrappers), release, both, or neither; <see cref="WrapperSide.TooLong"/>
        /// past <see cref="MaxTokens"/>.
        /// </summary>
        public static WrapperSide SideOf(SyntaxNode root, FileWrappers file)
        {
            // Each acquire and release, with how it spells its lock, for PairsAside: a lock taken and given back in the body,
            // spelled alike, may be a pair beside a release of the caller's (Give(slot) { slot.Unlock(); Monitor.Enter(this); … }).
            List<LockCall>? calls = null;
            // Monitor.Exit(l) before any acquire, then Monitor.Enter(l): the caller's lock, dropped and taken back.
            string? releasedBeforeAnyAcquire = null;
            var acquiredYet = false;
            var retakesIt = false;
            var read = 0;
            foreach (var part in CodeBlockSyntax.ExecutableParts(root))
            {
                foreach (var token in part.DescendantTokens())
                {
                    if (++read > MaxTokens)
                    {
                        return WrapperSide.TooLong;
                    }

                    if (!token.IsKind(SyntaxKind.IdentifierToken))
                    {
                        continue;
                    }

                    var text = token.ValueText;
                    var builtInAcquire = Acquires.Contains(text);
                    var builtInRelease = ReleaseNames.Contains(text);
                    var wrapperAcquire = file.Acquiring.Contains(text);
                    var release = builtInRelease || file.Releasing.Contains(text);
                    if (!builtInAcquire && !wrapperAcquire && !release)
                    {
                        continue;
                    }

                    var spelled = LockSpelled(token);
                    var inCatch = release && InCatch(token, part);
                    if (!acquiredYet && releasedBeforeAnyAcquire is null && builtInRelease && !inCatch)
                    {
                        releasedBeforeAnyAcquire = spelled;
                    }
                    else if (releasedBeforeAnyAcquire is not null && builtInAcquire)
                    {
                        retakesIt |= spelled == releasedBeforeAnyAcquire;
                    }

                    acquiredYet |= builtInAcquire;
                    (calls ??= new List<LockCall>()).Add(new LockCall(builtInAcquire, wrapperAcquire && !builtInAcquire, release, inCatch, spelled));
                }
            }

            if (calls is null)
            {
                return WrapperSide.Neither;
            }

            if (retakesIt)
            {
                return WrapperSide.Releases;
            }

            return PairsAside(calls) ?? SideOf(calls);
        }

        /// <summary>
        /// The side of a body with a balanced pair (a lock taken and given back, spelled alike), when the pair says nothing
        /// of it: only pairs (<see cref="WrapperSide.Neither"/>, so that a second reading against the file's wrappers may
        /// find a release they make), or releases before the first acquire and pairs after
        /// (<c>Give(slot) { slot.Unlock(); Monitor.Enter(this); … Monitor.Exit(this); }</c>). Null for any other body with
        /// a pair (<c>Enter(_a); Enter(_b); … Exit(_a);</c> is a leak of <c>_b</c>, not a wrapper), and for one without.
        /// </summary>
        private static WrapperSide? PairsAside(List<LockCall> calls)
        {
            var anyPair = false;
            var acquiredYet = false;
            var releasesFirst = false;
            foreach (var call in calls)
            {
                var paired = IsBalanced(call.Lock, calls);
                anyPair |= paired;
                if (!paired && !(call.Release && call.InCatch))
                {
                    if (acquiredYet || !call.Release)
                    {
                        return calls.Any(c => IsBalanced(c.Lock, calls)) ? WrapperSide.Both : null; // as read with the pair counted
                    }

                    releasesFirst = true;
                }

                acquiredYet |= call.Acquire || call.AcquireThroughWrapper;
            }

            return !anyPair ? null : releasesFirst ? WrapperSide.Releases : WrapperSide.Neither;
        }

        /// <summary>The side every acquire and release reads as, in a body without a balanced pair.</summary>
        private static WrapperSide SideOf(List<LockCall> calls)
        {
            var acquires = false;
            var acquiresThroughWrapper = false;
            var releases = false;
            var releasesInCatch = false;
            foreach (var call in calls)
            {
                releasesInCatch |= call.Release && call.InCatch;
                acquires |= call.Acquire;
                acquiresThroughWrapper |= call.AcquireThroughWrapper;
                releases |= call.Release && !call.InCatch;
            }

            // Through another wrapper, only the acquire-or-give-back idiom is one: a method that calls the file's
            // Open() and never closes is the leak LD0004 reports, not a wrapper. (One that opens and closes is balanced.)
            if (acquiresThroughWrapper && !acquires && !releases)
            {
                return releasesInCatch ? WrapperSide.Acquires : WrapperSide.Neither;
            }

            acquires |= acquiresThroughWrapper;
            return (acquires, releases) switch
            {
                (true, true) => WrapperSide.Both,
                (true, false) => WrapperSide.Acquires,
                (false, true) => WrapperSide.Releases,
                _ => WrapperSide.Neither,
            };
        }

        /// <summary>One acquire or release as the screen reads it: which way, whether in a <c>catch</c>, and how its lock is spelled ("" if unknown).</summary>
        private readonly record struct LockCall(bool Acquire, bool AcquireThroughWrapper, bool Release, bool InCatch, string Lock);

        /// <summary>The lock, spelled, is both taken and given back (outside a <c>catch</c>) by the body: a pair, not a side.</summary>
        private static bool IsBalanced(string spelled, List<LockCall> calls)
        {
            if (spelled.Length == 0)
            {
                return false;
            }

            bool taken = false, given = false;
            foreach (var call in calls)
            {
                if (call.Lock == spelled)
                {
                    taken |= call.Acquire || call.AcquireThroughWrapper;
                    given |= call.Release && !call.InCatch;
                }
            }

            return taken && given;
        }

        /// <summary>
        /// The names of a file's methods that may be lock wrappers, each with its side. First those that call
        /// a built-in lock one way; then, once, those that call these one way: a <c>BeginTransaction()</c> that opens
        /// through the file's <c>Open()</c> wrapper, a <c>Commit()</c> that closes through its <c>Close()</c>.
        /// </summary>
        public static FileWrappers WrappersIn(IReadOnlyList<MethodDeclarationSyntax> methods)
        {
            var acquiring = ImmutableHashSet.CreateBuilder<string>(System.StringComparer.Ordinal);
            var releasing = ImmutableHashSet.CreateBuilder<string>(System.StringComparer.Ordinal);
            List<MethodDeclarationSyntax>? neither = null;
            foreach (var method in methods)
            {
                switch (HasBody(method) ? SideOf(method, FileWrappers.None) : WrapperSide.TooLong)
                {
                    case WrapperSide.Acquires: acquiring.Add(method.Identifier.ValueText); break;
                    case WrapperSide.Releases: releasing.Add(method.Identifier.ValueText); break;
                    case WrapperSide.Neither: (neither ??= new List<MethodDeclarationSyntax>()).Add(method); break;
                }
            }

            var firstLevel = new FileWrappers(acquiring.ToImmutable(), releasing.ToImmutable(), firstLevel: null);
            if (neither is null || firstLevel.Count == 0)
            {
                return firstLevel;
            }

            foreach (var method in neither)
            {
                switch (SideOf(method, firstLevel))
                {
                    case WrapperSide.Acquires: acquiring.Add(method.Identifier.ValueText); break;
                    case WrapperSide.Releases: releasing.Add(method.Identifier.ValueText); break;
                }
            }

            return new FileWrappers(acquiring.ToImmutable(), releasing.ToImmutable(), firstLevel);
        }

        /// <summary>How a lock call spells its lock: <c>Monitor.Exit(_gate)</c>'s argument, <c>_rw.ExitWriteLock()</c>'s receiver; empty if neither.</summary>
        private static string LockSpelled(SyntaxToken method)
        {
            if (method.Parent is not IdentifierNameSyntax { Parent: MemberAccessExpressionSyntax access } name || access.Name != name
                || access.Parent is not InvocationExpressionSyntax invocation)
            {
                return "";
            }

            var receiver = access.Expression.ToString();
            return receiver == "Monitor" || receiver.EndsWith(".Monitor", System.StringComparison.Ordinal)
                ? invocation.ArgumentList.Arguments.Count > 0 ? invocation.ArgumentList.Arguments[0].Expression.ToString() : ""
                : receiver;
        }

        /// <summary>
        /// A release in a <c>catch</c> gives back what a failed acquire-and-set-up took (<c>catch { m.ReleaseMutex(); throw; }</c>):
        /// it runs on the way out of a failure, not on a return, so it does not balance the acquire of a wrapper.
        /// </summary>
        private static bool InCatch(SyntaxToken token, SyntaxNode part)
        {
            for (var node = token.Parent; node is not null && node != part; node = node.Parent)
            {
                if (node is CatchClauseSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// False when the file's text spells no lock call a wrapper could make (<c>Enter</c>, <c>Exit</c>,
        /// <c>WaitOne</c>, <c>ReleaseMutex</c> cover every name above): most files, whose bodies then need no read.
        /// </summary>
        public static bool MayContainWrappers(SyntaxTree tree)
        {
            var text = tree.GetText().ToString();
            return text.IndexOf("Enter", System.StringComparison.Ordinal) >= 0 || text.IndexOf("Exit", System.StringComparison.Ordinal) >= 0
                || text.IndexOf("WaitOne", System.StringComparison.Ordinal) >= 0 || text.IndexOf("ReleaseMutex", System.StringComparison.Ordinal) >= 0;
        }

        /// <summary>
        /// True for a declaration that may be a wrapper: a method with a body (not a local function, an accessor, a
        /// constructor) that goes one way, through a built-in lock or, when it calls neither way, through the wrappers of <paramref name="file"/>.
        /// </summary>
        public static bool IsCandidate(MethodDeclarationSyntax method, FileWrappers file)
        {
            if (!HasBody(method))
            {
                return false;
            }

            // As WrappersIn read it: the second reading against the first level's names only.
            var side = SideOf(method, FileWrappers.None);
            if (side == WrapperSide.Neither && file.Count > 0)
            {
                side = SideOf(method, file.FirstLevel);
            }

            return side is WrapperSide.Acquires or WrapperSide.Releases;
        }

        /// <summary>
        /// The constructor of a lock guard written without <c>[ScopedLock]</c>, as its text shows it: its body takes a lock
        /// (and releases none), and a release is in sight for the guard's disposal, spelled in the constructor (handed to a
        /// base class, <c>: base(rw.ExitReadLock)</c>) or in a <c>Dispose</c> declared beside it. Whether the type is
        /// disposable is the inference's to check (<c>ContractInference</c>); the pre-filter and the inference share this reading.
        /// </summary>
        public static bool IsGuardConstructor(ConstructorDeclarationSyntax constructor)
        {
            if ((constructor.Body ?? (SyntaxNode?)constructor.ExpressionBody) is not { } body || constructor.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword))
                || SideOf(body, FileWrappers.None) != WrapperSide.Acquires)
            {
                return false;
            }

            if (SpellsARelease(constructor))
            {
                return true;
            }

            foreach (var member in (constructor.Parent as TypeDeclarationSyntax)?.Members ?? default)
            {
                if (member is MethodDeclarationSyntax { Identifier.ValueText: "Dispose" } dispose && SpellsARelease(dispose))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="code"/> names a built-in release (a call, or a method group handed on).</summary>
        public static bool SpellsARelease(SyntaxNode code)
        {
            foreach (var token in code.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && ReleaseNames.Contains(token.ValueText))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasBody(MethodDeclarationSyntax method) => method.Body is not null || method.ExpressionBody is not null;
    }

    /// <summary>Which way a method goes with locks, as <see cref="WrapperScreen.SideOf"/> reads it from its text.</summary>
    internal enum WrapperSide
    {
        Neither,
        Acquires,
        Releases,
        Both,
        TooLong,
    }

    /// <summary>
    /// The names of a file's methods that may be lock wrappers: those that acquire, and those that release. Shared by
    /// every compilation that has the file's text, so it never changes.
    /// </summary>
    internal sealed class FileWrappers
    {
        public static readonly FileWrappers None = new FileWrappers(
            ImmutableHashSet.Create<string>(System.StringComparer.Ordinal), ImmutableHashSet.Create<string>(System.StringComparer.Ordinal), firstLevel: null);

        private readonly FileWrappers? _firstLevel;

        public FileWrappers(ImmutableHashSet<string> acquiring, ImmutableHashSet<string> releasing, FileWrappers? firstLevel)
        {
            Acquiring = acquiring;
            Releasing = releasing;
            _firstLevel = firstLevel;
        }

        public ImmutableHashSet<string> Acquiring { get; }

        public ImmutableHashSet<string> Releasing { get; }

        /// <summary>The wrappers found by their built-in calls alone, which the second reading was screened against.</summary>
        public FileWrappers FirstLevel => _firstLevel ?? this;

        public int Count => Acquiring.Count + Releasing.Count;
    }
}

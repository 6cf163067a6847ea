using System.Collections.Immutable;
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
    /// <c>catch</c> does not count: it undoes a failed acquire); a body
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

        private static readonly ImmutableHashSet<string> ReleaseNames = ImmutableHashSet.Create(
            "Exit", "ExitReadLock", "ExitUpgradeableReadLock", "ExitWriteLock", "ReleaseMutex");

        /// <summary>True when the method's executable parts take a built-in lock without releasing one, or release without taking.</summary>
        public static bool MayBeWrapper(SyntaxNode root)
        {
            var acquires = false;
            var releases = false;
            var read = 0;
            foreach (var part in CodeBlockSyntax.ExecutableParts(root))
            {
                foreach (var token in part.DescendantTokens())
                {
                    if (++read > MaxTokens)
                    {
                        return false;
                    }

                    if (token.IsKind(SyntaxKind.IdentifierToken))
                    {
                        var text = token.ValueText;
                        acquires |= Acquires.Contains(text);
                        releases |= ReleaseNames.Contains(text) && !InCatch(token, part);
                    }
                }
            }

            return acquires != releases;
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

        /// <summary>True for a declaration that may be a wrapper: a method with a body (not a local function, an accessor, a constructor).</summary>
        public static bool IsCandidate(MethodDeclarationSyntax method) =>
            (method.Body is not null || method.ExpressionBody is not null) && MayBeWrapper(method);
    }
}

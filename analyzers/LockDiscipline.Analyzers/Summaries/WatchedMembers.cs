using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// The members LD0013 watches in the bodies of one type: built once per type, then only asked whether it holds a
    /// member, from many threads (a hash set, which reading does not change). An immutable hash set's builder cost
    /// about 30 µs a type, most of what LD0013's setup cost per body of the lock-dense codebase.
    /// </summary>
    internal sealed class WatchedMembers
    {
        public static readonly WatchedMembers None = new WatchedMembers(new HashSet<ISymbol>(SymbolEqualityComparer.Default));

        private readonly HashSet<ISymbol> _members;

        private WatchedMembers(HashSet<ISymbol> members)
        {
            _members = members;
        }

        public static WatchedMembers Of(HashSet<ISymbol> members) => members.Count == 0 ? None : new WatchedMembers(members);

        public bool IsEmpty => _members.Count == 0;

        public bool Contains(ISymbol member) => _members.Contains(member);
    }
}

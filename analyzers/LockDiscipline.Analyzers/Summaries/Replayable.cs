using System.Collections;
using System.Collections.Generic;

namespace LockDiscipline.Analyzers.Summaries
{
    /// <summary>
    /// A lazy sequence that runs its source once: each enumeration replays what earlier ones pulled, and pulls
    /// further only past that. A search that stops at its first answer costs no more than the plain sequence,
    /// and a second search for the same thing costs nothing. Not thread-safe: for one pass of one thread. A source that
    /// throws (cancellation, the only exception here) leaves it unusable; the pass that owns it is abandoned then too.
    /// </summary>
    internal sealed class Replayable<T> : IEnumerable<T>
    {
        private readonly List<T> _pulled = new List<T>();
        private IEnumerator<T>? _source;

        public Replayable(IEnumerable<T> source)
        {
            _source = source.GetEnumerator();
        }

        public IEnumerator<T> GetEnumerator()
        {
            for (var i = 0; ; i++)
            {
                if (i < _pulled.Count)
                {
                    yield return _pulled[i];
                    continue;
                }

                if (_source is null)
                {
                    yield break;
                }

                if (!_source.MoveNext())
                {
                    _source.Dispose();
                    _source = null;
                    yield break;
                }

                _pulled.Add(_source.Current);
                yield return _pulled[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

namespace LockDiscipline.Analyzers.Flow
{
    /// <summary>
    /// The blocks waiting to be interpreted, always taken lowest ordinal first (the order a
    /// <c>SortedSet</c> gave, so every fixpoint, and every budget count, is as before), kept as one flag
    /// per block: no node allocated per addition, as a sorted set does on every visit.
    /// </summary>
    internal sealed class BlockWorklist
    {
        private readonly bool[] _pending;
        private int _lowest; // no pending block has a lower ordinal
        private int _count;

        public BlockWorklist(int blocks)
        {
            _pending = new bool[blocks];
            _lowest = blocks;
        }

        public int Count => _count;

        public void Add(int ordinal)
        {
            if (_pending[ordinal])
            {
                return;
            }

            _pending[ordinal] = true;
            _count++;
            if (ordinal < _lowest)
            {
                _lowest = ordinal;
            }
        }

        /// <summary>Removes and returns the lowest pending ordinal; only when <see cref="Count"/> is positive.</summary>
        public int TakeLowest()
        {
            while (!_pending[_lowest])
            {
                _lowest++;
            }

            _pending[_lowest] = false;
            _count--;
            return _lowest;
        }
    }
}

namespace LockDiscipline.Reference.Mm
{
    /// <summary>
    /// A mapped pte pointer (<c>pte_t *</c> from <c>pte_offset_map</c>); <c>default</c> is NULL. The
    /// analyzers treat it as a handle because of <see cref="IsNull"/>.
    /// </summary>
    public readonly struct Pte
    {
        private readonly PteTable? _table;
        private readonly int _index;

        internal Pte(PteTable table, int index)
        {
            _table = table;
            _index = index;
        }

        public bool IsNull => _table is null;

        /// <summary><c>pte_none()</c>.</summary>
        public bool IsNone => _table!.Entries[_index] is null;

        /// <summary>The page the entry maps (<c>pte_page()</c>), or null for none.</summary>
        public Page? Page => _table!.Entries[_index];

        /// <summary><c>set_pte()</c>.</summary>
        public void Set(Page? page) => _table!.Entries[_index] = page;

        /// <summary><c>ptep_get_and_clear()</c>.</summary>
        public Page? GetAndClear()
        {
            var page = _table!.Entries[_index];
            _table.Entries[_index] = null;
            return page;
        }
    }
}

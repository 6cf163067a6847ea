namespace LockDiscipline
{
    /// <summary>How a lock waits when it is contended.</summary>
    public enum LockKind
    {
        /// <summary>Busy-waits. Holding it makes the context atomic: nothing may sleep until it is released.</summary>
        Spin = 0,

        /// <summary>Puts the waiter to sleep. Acquiring it might sleep.</summary>
        Blocking = 1,
    }
}

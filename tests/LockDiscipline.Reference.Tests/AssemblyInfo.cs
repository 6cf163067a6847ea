// The validator's observed-order graph is process-wide, as lockdep's is: tests that read it run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

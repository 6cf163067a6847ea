using Xunit;

// The tests load projects with MSBuild in this process; one at a time keeps the load predictable on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace EndoKED.Portal.Tests;

/// <summary>
/// Tests that bound the growth of the process's managed heap (HeapWatch) run alone: the heap is the whole test process's,
/// so a test class running beside them would count against their bound.
/// </summary>
[CollectionDefinition(nameof(HeapMeasurements), DisableParallelization = true)]
public sealed class HeapMeasurements;

// Each class here starts a whole local stack, which prefers the same default ports (Azurite 10000-10002, API 7071)
// and probes them before binding: two stacks starting at once can both pick a port and one of them then dies.
// One stack at a time keeps these tests deterministic (and the machine's two cores less contended).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// What an executor decides about its virtual users' iterations: whether (and from which intended instant) the next
/// one starts, and what happens after each.
/// </summary>
internal abstract class IterationGate
{
    /// <summary>Returned by <see cref="NextAsync"/> when the VU should end.</summary>
    public const long Leave = -1;

    /// <summary>The intended start of the VU's next iteration (0: now, measured from the send), or <see cref="Leave"/>.</summary>
    public abstract ValueTask<long> NextAsync(VirtualUser user);

    /// <summary>Called after each iteration (<paramref name="stopped"/>: the scenario cut it off); false ends the VU.</summary>
    public abstract bool AfterIteration(VirtualUser user, bool stopped);
}

namespace Crowdsourcing.Decision.Pomdp;

/// <summary>
/// One linear piece of a value function: the expected return, per start state, of a conditional plan that begins with
/// <see cref="Action"/>. The value at a belief b is b·<see cref="Values"/>.
/// </summary>
/// <param name="Action">The index of the plan's first action (-1 for a terminal vector, which has no action).</param>
/// <param name="Values">One entry per state.</param>
public sealed record AlphaVector(int Action, IReadOnlyList<double> Values)
{
    /// <summary>b·α.</summary>
    /// <param name="belief">The belief, one entry per state.</param>
    /// <returns>The dot product.</returns>
    /// <exception cref="ArgumentException">The belief has the wrong length.</exception>
    public double Dot(ReadOnlySpan<double> belief)
    {
        if (belief.Length != Values.Count)
        {
            throw new ArgumentException($"The belief has {belief.Length} entries; the vector has {Values.Count}.", nameof(belief));
        }

        var sum = 0.0;
        for (var x = 0; x < belief.Length; x++)
        {
            sum += belief[x] * Values[x];
        }

        return sum;
    }
}

namespace Crowdsourcing.Decision.Forecasts;

/// <summary>One week of a <see cref="PlanForecast"/>.</summary>
/// <param name="Week">The week.</param>
/// <param name="ExpectedTotal">The expected total expected utility Σ_i MEU(b_i) of the week, under the plan.</param>
/// <param name="StandardDeviation">Its standard deviation over what the participants will report (exact for independent participants; 0 for the starting week, whose beliefs are known).</param>
/// <param name="Contacts">The expected contacts of the cycle that ends in this week (0 for the starting week).</param>
/// <param name="Spend">The expected spend of that cycle.</param>
/// <param name="ProbabilityReached">P(total of this week ≥ threshold), from the normal approximation of the sum of the participants' independent contributions.</param>
/// <param name="ProbabilityCrossedBy">The probability that the total has crossed the threshold by this week: the largest <paramref name="ProbabilityReached"/> so far (a lower bound).</param>
public sealed record ForecastWeek(int Week, double ExpectedTotal, double StandardDeviation, double Contacts, double Spend, double ProbabilityReached, double ProbabilityCrossedBy)
{
    /// <summary>The low end of the week's central interval of the total at <paramref name="level"/> (for example 0.8: the 10 % point).</summary>
    /// <param name="level">The interval's mass, in (0, 1).</param>
    /// <returns>The low end.</returns>
    public double Lower(double level) => ExpectedTotal - (PlanForecaster.NormalQuantile((1 + level) / 2) * StandardDeviation);

    /// <summary>The high end of the week's central interval of the total at <paramref name="level"/>.</summary>
    /// <param name="level">The interval's mass, in (0, 1).</param>
    /// <returns>The high end.</returns>
    public double Upper(double level) => ExpectedTotal + (PlanForecaster.NormalQuantile((1 + level) / 2) * StandardDeviation);
}

/// <summary>When the total is forecast to cross the threshold, with its uncertainty.</summary>
/// <param name="MostLikely">The most likely crossing week (the week the crossing probability grows most, the earliest on ties); <see langword="null"/> when it never grows within the forecast.</param>
/// <param name="Lower">The first week by which the crossing probability reaches (1 − level)/2 (for 0.8: 10 %), or <see langword="null"/> when it does not within the forecast.</param>
/// <param name="Upper">The first week by which it reaches (1 + level)/2 (for 0.8: 90 %), or <see langword="null"/> (later than the forecast looks, or never).</param>
/// <param name="IntervalLevel">The interval's mass.</param>
/// <param name="ProbabilityWithinForecast">The probability of crossing within the forecast's weeks.</param>
public sealed record CrossingWeekForecast(int? MostLikely, int? Lower, int? Upper, double IntervalLevel, double ProbabilityWithinForecast);

/// <summary>
/// The forecast of a plan from the current beliefs (see <see cref="PlanForecaster"/>): the total expected utility per
/// future week with its spread, the spend, and the crossing week of the threshold with its uncertainty.
/// </summary>
/// <param name="Policy">The contact policy forecast.</param>
/// <param name="Participants">The participants.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="WorkshopWeek">The workshop week, or <see langword="null"/>.</param>
/// <param name="Weeks">The starting week and every forecast week, in order.</param>
/// <param name="Crossing">The crossing week with its uncertainty.</param>
public sealed record PlanForecast(string Policy, int Participants, double Threshold, int? WorkshopWeek, IReadOnlyList<ForecastWeek> Weeks, CrossingWeekForecast Crossing)
{
    /// <summary>The week the beliefs describe.</summary>
    public int StartWeek => Weeks[0].Week;

    /// <summary>The first week whose expected total reaches the threshold, or <see langword="null"/> within the forecast.</summary>
    public int? ExpectedCrossingWeek => Weeks.FirstOrDefault(w => Simulation.Simulator.Reaches(w.ExpectedTotal, Threshold))?.Week;

    /// <summary>The expected contacts of the first forecast cycle (the next one), 0 without one.</summary>
    public double NextCycleContacts => Weeks.Count > 1 ? Weeks[1].Contacts : 0;

    /// <summary>The week of the workshop within the forecast, or <see langword="null"/> (none, already past, or beyond the forecast).</summary>
    public ForecastWeek? Workshop => WorkshopWeek is { } w ? Weeks.FirstOrDefault(x => x.Week == w) : null;

    /// <summary>The expected total at the workshop week, or <see langword="null"/> (see <see cref="Workshop"/>).</summary>
    public double? ExpectedTotalAtWorkshop => Workshop?.ExpectedTotal;

    /// <summary>The expected spend from the next cycle to the workshop week (all the forecast's weeks without a workshop week in it).</summary>
    public double ExpectedSpend => Weeks.Where(w => Workshop is not { } end || w.Week <= end.Week).Sum(w => w.Spend);

    /// <summary>The probability that the total has crossed the threshold by the workshop week, or <see langword="null"/> (see <see cref="Workshop"/>).</summary>
    public double? ProbabilityByWorkshop => Workshop?.ProbabilityCrossedBy;

    /// <summary>
    /// How many classes merged away over the forecast's cycles to stay within <see cref="PlanForecastOptions.MaxClasses"/>
    /// (possible only with noisy reports): 0 when the forecast is the exact expectation; more means its totals and spread
    /// are an approximation (the weights and the expected true states stay exact, the beliefs are averaged).
    /// </summary>
    public long MergedClasses { get; init; }

    /// <summary>Whether the forecast is approximate because classes merged (<see cref="MergedClasses"/> &gt; 0).</summary>
    public bool IsApproximate => MergedClasses > 0;
}

using System.Globalization;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Forecasts;

/// <summary>Options of <see cref="PlanForecaster.Forecast"/>.</summary>
public sealed record PlanForecastOptions
{
    /// <summary>The most weeks a forecast looks ahead: 520.</summary>
    public const int MaxWeeks = 520;

    /// <summary>The week the beliefs describe (0 before the first cycle); the forecast's first cycle is <c>StartWeek + 1</c>. Default 0; at least 0.</summary>
    public int StartWeek { get; init; }

    /// <summary>How many weeks to look ahead, 0 to <see cref="MaxWeeks"/>; default 20.</summary>
    public int Weeks { get; init; } = 20;

    /// <summary>The threshold on the total expected utility whose crossing is forecast; default 0. Must be finite.</summary>
    public double Threshold { get; init; }

    /// <summary>The workshop week, for <see cref="PlanForecast.ProbabilityByWorkshop"/>; default <see langword="null"/> (none).</summary>
    public int? WorkshopWeek { get; init; }

    /// <summary>How a contacted participant who stays silent is updated; default <see cref="NonResponderUpdate.InterventionDynamics"/>, as in the runtime.</summary>
    public NonResponderUpdate NonResponderUpdate { get; init; } = NonResponderUpdate.InterventionDynamics;

    /// <summary>The probability mass of the crossing-week interval, in (0, 1); default 0.8 (from the 10 % to the 90 % point).</summary>
    public double IntervalLevel { get; init; } = 0.8;

    /// <summary>
    /// The most weighted classes the forecast keeps after a cycle; default
    /// <see cref="Simulation.SimulationOptions.DefaultMaxClasses"/> (4,096); at least 1. As in the simulator's expected
    /// mode (<see cref="Simulation.SimulationOptions.MaxClasses"/>): with noisy reports, classes with close beliefs merge
    /// beyond this bound (only within a group of participants with the same starting belief, so a forecast keeps at least
    /// one class per group), and <see cref="PlanForecast.MergedClasses"/> says how many merged.
    /// </summary>
    public int MaxClasses { get; init; } = Simulation.SimulationOptions.DefaultMaxClasses;

    /// <summary>Checks the options, listing every failure.</summary>
    /// <exception cref="ValidationFailedException">An option is out of range.</exception>
    internal void Validate()
    {
        var errors = new List<ValidationError>();
        if (StartWeek < 0)
        {
            errors.Add(new ValidationError(nameof(StartWeek), string.Create(CultureInfo.InvariantCulture, $"StartWeek must be at least 0; got {StartWeek}.")));
        }

        if (Weeks < 0 || Weeks > MaxWeeks)
        {
            errors.Add(new ValidationError(nameof(Weeks), string.Create(CultureInfo.InvariantCulture, $"Weeks must be between 0 and {MaxWeeks}; got {Weeks}.")));
        }

        if (!double.IsFinite(Threshold))
        {
            errors.Add(new ValidationError(nameof(Threshold), string.Create(CultureInfo.InvariantCulture, $"Threshold must be a finite number; got {Threshold}.")));
        }

        if (!(IntervalLevel > 0 && IntervalLevel < 1))
        {
            errors.Add(new ValidationError(nameof(IntervalLevel), string.Create(CultureInfo.InvariantCulture, $"IntervalLevel must be between 0 and 1 (exclusive); got {IntervalLevel}.")));
        }

        if (MaxClasses < 1)
        {
            errors.Add(new ValidationError(nameof(MaxClasses), string.Create(CultureInfo.InvariantCulture, $"MaxClasses must be at least 1; got {MaxClasses}.")));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors[0].Message, errors);
        }
    }
}

using System.Text.Json.Serialization;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Incentives;

/// <summary>The kind of motivation an incentive aims at (self-determination theory, as the roadmap paper uses it).</summary>
public enum Motivation
{
    /// <summary>Doing the task for its own sake: interest, enjoyment, learning.</summary>
    Intrinsic = 0,

    /// <summary>External reasons the participant has made their own: reputation, career, recognition, belonging.</summary>
    InternalizedExtrinsic = 1,

    /// <summary>Doing the task for a separable reward, such as money.</summary>
    Extrinsic = 2,
}

/// <summary>
/// Something offered to the crowd for taking part. Serialised with a <c>type</c> discriminator:
/// <c>fixed-reward</c>, <c>performance-bonus</c>, <c>prize-ladder</c>, <c>non-monetary</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(FixedReward), "fixed-reward")]
[JsonDerivedType(typeof(PerformanceBonus), "performance-bonus")]
[JsonDerivedType(typeof(PrizeLadder), "prize-ladder")]
[JsonDerivedType(typeof(NonMonetaryRecognition), "non-monetary")]
public abstract record Incentive
{
    /// <summary>Creates the common part of an incentive.</summary>
    protected Incentive(string name) => Name = name;

    /// <summary>A short name shown to participants.</summary>
    public string Name { get; init => field = Guard.Name(value, nameof(Incentive), nameof(Name)); }

    /// <summary>The motivation the incentive aims at.</summary>
    [JsonIgnore]
    public abstract Motivation Motivation { get; }
}

/// <summary>A fixed payment for each accepted contribution. Aims at extrinsic motivation.</summary>
/// <param name="Name">A short name.</param>
/// <param name="Amount">The payment; not negative.</param>
/// <param name="Currency">An ISO 4217 code, for example <c>EUR</c>.</param>
public sealed record FixedReward(string Name, decimal Amount, string Currency) : Incentive(Name)
{
    /// <summary>The payment.</summary>
    public decimal Amount { get; init => field = Guard.NonNegative(value, nameof(FixedReward), nameof(Amount)); } = Guard.NonNegative(Amount, nameof(FixedReward), nameof(Amount));

    /// <summary>The currency (three capital letters).</summary>
    public string Currency { get; init => field = IncentiveGuard.Currency(value, nameof(FixedReward)); } = IncentiveGuard.Currency(Currency, nameof(FixedReward));

    /// <inheritdoc/>
    [JsonIgnore]
    public override Motivation Motivation => Motivation.Extrinsic;
}

/// <summary>A bonus paid when a contribution meets a stated criterion. Aims at extrinsic motivation.</summary>
/// <param name="Name">A short name.</param>
/// <param name="Amount">The bonus; not negative.</param>
/// <param name="Currency">An ISO 4217 code.</param>
/// <param name="Criterion">What earns the bonus, in words.</param>
public sealed record PerformanceBonus(string Name, decimal Amount, string Currency, string Criterion) : Incentive(Name)
{
    /// <summary>The bonus.</summary>
    public decimal Amount { get; init => field = Guard.NonNegative(value, nameof(PerformanceBonus), nameof(Amount)); } = Guard.NonNegative(Amount, nameof(PerformanceBonus), nameof(Amount));

    /// <summary>The currency (three capital letters).</summary>
    public string Currency { get; init => field = IncentiveGuard.Currency(value, nameof(PerformanceBonus)); } = IncentiveGuard.Currency(Currency, nameof(PerformanceBonus));

    /// <summary>What earns the bonus.</summary>
    public string Criterion { get; init => field = Guard.Text(value, nameof(PerformanceBonus), nameof(Criterion)); } = Guard.Text(Criterion, nameof(PerformanceBonus), nameof(Criterion));

    /// <inheritdoc/>
    [JsonIgnore]
    public override Motivation Motivation => Motivation.Extrinsic;
}

/// <summary>
/// Ranked prizes for a contest. Amounts strictly decrease with the rank. Fixed when the contest opens: the roadmap
/// paper warns against adding prizes later. Aims at extrinsic motivation.
/// </summary>
public sealed record PrizeLadder : Incentive
{
    /// <summary>Creates a prize ladder.</summary>
    /// <exception cref="ValidationFailedException">There are no prizes, or the amounts do not strictly decrease.</exception>
    public PrizeLadder(string name, IReadOnlyList<decimal> prizes, string currency)
        : base(name)
    {
        Prizes = prizes;
        Currency = currency;
    }

    /// <summary>The prizes, first place first: at least one, none negative, strictly decreasing.</summary>
    public IReadOnlyList<decimal> Prizes
    {
        get;
        init
        {
            var prizes = Guard.NonEmptyList(value, nameof(PrizeLadder), nameof(Prizes), "PrizeLadder.Prizes must have at least one prize.");
            for (var i = 0; i < prizes.Count; i++)
            {
                Guard.NonNegative(prizes[i], nameof(PrizeLadder), Guard.Message($"{nameof(Prizes)}[{i}]"));
                if (i > 0 && prizes[i] >= prizes[i - 1])
                {
                    throw Guard.Fail(nameof(Prizes), Guard.Message($"PrizeLadder.Prizes must strictly decrease: prize {i + 1} ({prizes[i]}) is not below prize {i} ({prizes[i - 1]})."));
                }
            }

            field = prizes;
        }
    }

    /// <summary>The currency (three capital letters).</summary>
    public string Currency { get; init => field = IncentiveGuard.Currency(value, nameof(PrizeLadder)); }

    /// <inheritdoc/>
    [JsonIgnore]
    public override Motivation Motivation => Motivation.Extrinsic;
}

/// <summary>
/// Recognition without money: reputation, visibility, learning, belonging. Aims at intrinsic or internalized
/// extrinsic motivation, as stated.
/// </summary>
public sealed record NonMonetaryRecognition : Incentive
{
    /// <summary>Creates a non-monetary incentive.</summary>
    /// <exception cref="ValidationFailedException">A field is empty, or <paramref name="aims"/> is <see cref="Motivation.Extrinsic"/>.</exception>
    public NonMonetaryRecognition(string name, string description, Motivation aims = Motivation.InternalizedExtrinsic)
        : base(name)
    {
        Description = description;
        Aims = aims;
    }

    /// <summary>What is offered, in words.</summary>
    public string Description { get; init => field = Guard.Text(value, nameof(NonMonetaryRecognition), nameof(Description)); }

    /// <summary>The motivation aimed at: intrinsic or internalized extrinsic. Default internalized extrinsic.</summary>
    public Motivation Aims
    {
        get;
        init => field = Guard.Defined(value, nameof(NonMonetaryRecognition), nameof(Aims)) == Motivation.Extrinsic
            ? throw Guard.Fail(nameof(Aims), "NonMonetaryRecognition.Aims cannot be Extrinsic: recognition without money aims at intrinsic or internalized extrinsic motivation.")
            : value;
    }

    /// <inheritdoc/>
    [JsonIgnore]
    public override Motivation Motivation => Aims;
}

internal static class IncentiveGuard
{
    internal static string Currency(string value, string type) =>
        value is { Length: 3 } && value.All(char.IsAsciiLetterUpper)
            ? value
            : throw Guard.Fail(nameof(FixedReward.Currency), $"{type}.Currency must be a three-letter ISO 4217 code in capitals (value: {Guard.Show(value)}).");
}

using System.Globalization;
using System.Text.Json.Serialization;

namespace Crowdsourcing.Decision.Budgets;

/// <summary>What a <see cref="CycleBudget"/> limits. Users spell the values <c>count</c> and <c>money</c>.</summary>
public enum BudgetKind
{
    /// <summary>The number of contacts per cycle (spelt <c>count</c>).</summary>
    [JsonStringEnumMemberName("count")]
    Contacts = 0,

    /// <summary>The money spent on contacts per cycle, Σ c_k, in the model's cost units.</summary>
    Money = 1,
}

/// <summary>A budget per decision cycle: at most <see cref="Amount"/> contacts, or at most <see cref="Amount"/> spent on contacts.</summary>
public sealed record CycleBudget
{
    /// <summary>Creates a budget.</summary>
    /// <param name="kind">Contacts or money.</param>
    /// <param name="amount">The limit per cycle; finite and non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or not finite.</exception>
    public CycleBudget(BudgetKind kind, double amount)
    {
        if (!double.IsFinite(amount) || amount < 0)
        {
            throw new ValidationFailedException("amount", string.Create(CultureInfo.InvariantCulture, $"A budget must be finite and non-negative; got {amount}."));
        }

        Kind = kind;
        Amount = amount;
    }

    /// <summary>Contacts or money.</summary>
    public BudgetKind Kind { get; }

    /// <summary>The limit per cycle.</summary>
    public double Amount { get; }

    /// <summary>At most <paramref name="count"/> contacts per cycle.</summary>
    /// <param name="count">The limit.</param>
    /// <returns>The budget.</returns>
    public static CycleBudget MaxContacts(int count) => new(BudgetKind.Contacts, count);

    /// <summary>At most <paramref name="amount"/> spent per cycle.</summary>
    /// <param name="amount">The limit.</param>
    /// <returns>The budget.</returns>
    public static CycleBudget MaxSpend(double amount) => new(BudgetKind.Money, amount);

    /// <summary>How much of the budget one contact with an intervention of cost <paramref name="cost"/> uses.</summary>
    /// <param name="cost">c_k.</param>
    /// <returns>1 for a contacts budget, c_k for a money budget.</returns>
    public double Usage(double cost) => Kind == BudgetKind.Contacts ? 1 : cost;

    /// <inheritdoc />
    public override string ToString() => Kind == BudgetKind.Contacts
        ? string.Create(CultureInfo.InvariantCulture, $"{Amount:0.##} contacts per cycle")
        : string.Create(CultureInfo.InvariantCulture, $"{Amount:0.##} spent per cycle");
}

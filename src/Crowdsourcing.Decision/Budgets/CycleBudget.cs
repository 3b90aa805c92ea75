using System.Globalization;

namespace Crowdsourcing.Decision.Budgets;

/// <summary>What a <see cref="CycleBudget"/> limits.</summary>
public enum BudgetKind
{
    /// <summary>The number of contacts per cycle.</summary>
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

/// <summary>What a budgeted policy did in one cycle.</summary>
/// <param name="Cycle">The cycle t.</param>
/// <param name="Price">The Lagrangian price of one unit of budget (a contact, or one unit of money) that made the selection fit; 0 when the budget did not bind. For the myopic knapsack, the net value of the best candidate left out, per unit of budget.</param>
/// <param name="Used">The budget used (contacts or money, weighted by the entries' weights).</param>
/// <param name="Candidates">The entries that would have been contacted without the budget.</param>
/// <param name="Exact">Whether the selection is the exact optimum of the cycle's knapsack (see <see cref="BudgetedPolicy"/>).</param>
public readonly record struct BudgetCycleReport(int Cycle, double Price, double Used, int Candidates, bool Exact);

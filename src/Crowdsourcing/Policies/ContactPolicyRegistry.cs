namespace Crowdsourcing.Policies;

/// <summary>The registered <see cref="IContactPolicyFactory"/>s by name (case-insensitive).</summary>
internal sealed class ContactPolicyRegistry
{
    private readonly Dictionary<string, IContactPolicyFactory> _factories;

    /// <exception cref="InvalidStateException">Two factories have the same name.</exception>
    public ContactPolicyRegistry(IEnumerable<IContactPolicyFactory> factories)
    {
        _factories = new Dictionary<string, IContactPolicyFactory>(StringComparer.OrdinalIgnoreCase);
        foreach (var factory in factories)
        {
            if (!_factories.TryAdd(factory.Name, factory) && !ReferenceEquals(_factories[factory.Name], factory))
            {
                throw new InvalidStateException(Duplicate(factory.Name));
            }
        }

        Names = [.. _factories.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The registered names, in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The message for two factories with one name.</summary>
    public static string Duplicate(string name) =>
        $"Two contact policies are registered as '{name}'; policy names must be unique.";

    /// <summary>The factory registered as <paramref name="name"/>.</summary>
    /// <exception cref="NotFoundException">None is; the message lists the registered names.</exception>
    public IContactPolicyFactory Get(string name) =>
        _factories.TryGetValue(name, out var factory)
            ? factory
            : throw new NotFoundException("contact policy", name, $"No contact policy is registered as '{name}'; registered policies: {string.Join(", ", Names)}.");
}

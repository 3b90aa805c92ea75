using Crowdsourcing.Options;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Directory;

/// <summary>
/// The people of the demo directory (<c>UseDemoDirectory(...)</c>): for development and tests only, never production.
/// Bound from <c>Crowdsourcing:Directory:Demo</c>.
/// </summary>
public sealed class DemoDirectoryOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:Directory:Demo</c>.</summary>
    public const string SectionName = CrowdsourcingOptions.SectionName + ":Directory:Demo";

    /// <summary>The shortest password accepted: 8 characters.</summary>
    public const int MinimumPasswordLength = 8;

    /// <summary>The most people the demo directory holds: 10,000.</summary>
    public const int MaximumUsers = 10_000;

    /// <summary>The users: id (the participant id, and the user name to sign in with) → password. Passwords are hashed
    /// when the directory is built and compared in constant time; the plain text is not kept. Required: at least one.</summary>
    public IDictionary<string, string> Users { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The users who are administrators; each must be one of <see cref="Users"/>. Empty (the default) means
    /// <c>admin</c>, when there is such a user.</summary>
    public IList<string> Administrators { get; } = [];

    /// <summary>The users who are organisers; each must be one of <see cref="Users"/>. Empty (the default) means
    /// <c>organiser</c>, when there is such a user.</summary>
    public IList<string> Organisers { get; } = [];

    /// <summary>The administrators in effect: <see cref="Administrators"/>, or <c>admin</c> when it is empty.</summary>
    internal IReadOnlyList<string> EffectiveAdministrators => Administrators.Count > 0 ? [.. Administrators] : ["admin"];

    /// <summary>The organisers in effect: <see cref="Organisers"/>, or <c>organiser</c> when it is empty.</summary>
    internal IReadOnlyList<string> EffectiveOrganisers => Organisers.Count > 0 ? [.. Organisers] : ["organiser"];
}

/// <summary>Validates <see cref="DemoDirectoryOptions"/> at start, listing every failure.</summary>
internal sealed class DemoDirectoryOptionsValidator : IValidateOptions<DemoDirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Users.Count == 0)
        {
            failures.Add($"{DemoDirectoryOptions.SectionName}:Users lists nobody; give at least one user id with a password.");
        }
        else if (options.Users.Count > DemoDirectoryOptions.MaximumUsers)
        {
            failures.Add($"{DemoDirectoryOptions.SectionName}:Users lists {options.Users.Count} users; at most {DemoDirectoryOptions.MaximumUsers} are allowed.");
        }

        foreach (var (id, password) in options.Users)
        {
            try
            {
                Validation.Guard.Id(id, "DemoDirectory", "Users");
            }
            catch (ValidationFailedException ex)
            {
                failures.Add($"{DemoDirectoryOptions.SectionName}:Users: '{id}' is not a valid user id: {ex.Message}");
            }

            if (string.IsNullOrEmpty(password) || password.Length < DemoDirectoryOptions.MinimumPasswordLength)
            {
                failures.Add($"{DemoDirectoryOptions.SectionName}:Users:{id}: the password must have at least {DemoDirectoryOptions.MinimumPasswordLength} characters.");
            }
        }

        foreach (var (key, ids) in new[] { (nameof(options.Administrators), options.Administrators), (nameof(options.Organisers), options.Organisers) })
        {
            foreach (var id in ids.Where(id => options.Users.Count > 0 && !options.Users.ContainsKey(id)))
            {
                failures.Add($"{DemoDirectoryOptions.SectionName}:{key} names '{id}', who is not one of the users.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using System.Globalization;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Options;

/// <summary>
/// Validates <see cref="InputLimitsOptions"/>, listing every failure with the configuration key it concerns: each limit
/// is from its minimum to the model's own limit (the ceiling).
/// </summary>
internal sealed class InputLimitsOptionsValidator : IValidateOptions<InputLimitsOptions>
{
    /// <summary>Each option's key (under <see cref="InputLimitsOptions.SectionName"/>), value, minimum and ceiling.</summary>
    internal static IEnumerable<(string Key, int Value, int Minimum, int Ceiling)> Ranges(InputLimitsOptions options)
    {
        yield return (nameof(options.MaxIdLength), options.MaxIdLength, 36, Limits.MaxIdLength);
        yield return (nameof(options.MaxNameLength), options.MaxNameLength, 20, Limits.MaxNameLength);
        yield return (nameof(options.MaxEmailLength), options.MaxEmailLength, 64, Limits.MaxEmailLength);
        yield return (nameof(options.MaxPatternLength), options.MaxPatternLength, 20, Limits.MaxPatternLength);
        yield return (nameof(options.MaxTextLength), options.MaxTextLength, 100, Limits.MaxTextLength);
        yield return (nameof(options.MaxAnswerLength), options.MaxAnswerLength, 100, Limits.MaxAnswerLength);
        yield return (nameof(options.MaxSections), options.MaxSections, 1, Limits.MaxSections);
        yield return (nameof(options.MaxQuestionsPerSection), options.MaxQuestionsPerSection, 1, Limits.MaxQuestionsPerSection);
        yield return (nameof(options.MaxQuestions), options.MaxQuestions, 1, Limits.MaxQuestions);
        yield return (nameof(options.MaxChoices), options.MaxChoices, 2, Limits.MaxChoices);
        yield return (nameof(options.MaxListItems), options.MaxListItems, 1, Limits.MaxListItems);
        yield return (nameof(options.MaxNamedParticipants), options.MaxNamedParticipants, 1, Limits.MaxNamedParticipants);
        yield return (nameof(options.MaxNotificationSubjectLength), options.MaxNotificationSubjectLength, 500, Limits.MaxNotificationSubjectLength);
        yield return (nameof(options.MaxNotificationBodyLength), options.MaxNotificationBodyLength, 2_000, Limits.MaxNotificationBodyLength);
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, InputLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string prefix = InputLimitsOptions.SectionName;
        foreach (var (key, value, minimum, ceiling) in Ranges(options))
        {
            if (value < minimum || value > ceiling)
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{prefix}:{key} must be from {minimum:N0} to {ceiling:N0}, the model's own limit, which a host may lower but not raise (value: {value:N0})."));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

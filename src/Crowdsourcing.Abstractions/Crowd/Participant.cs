using Crowdsourcing.Storage;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Crowd;

/// <summary>
/// A member of the crowd: an expert, a partner's employee, a qualified community member or a member of the public.
/// </summary>
/// <remarks>
/// A participant belongs to exactly one <see cref="CrowdLayer"/>. <see cref="ManagerId"/> is whom escalations go to;
/// <see cref="ColleagueIds"/> are whom the participant may delegate questions to. A participant who left (the
/// enterprise directory no longer lists them) is marked with <see cref="InactiveSince"/>: never deleted, their
/// knowledge requests, answers and beliefs kept, but no longer in any campaign's crowd, contacted by decision cycles,
/// assigned new knowledge requests or delegated questions.
/// </remarks>
public sealed record Participant : IVersionedRecord
{
    private readonly bool _constructed;

    /// <summary>Creates a participant.</summary>
    /// <exception cref="ValidationFailedException">A field is empty, malformed, or refers to the participant itself.</exception>
    public Participant(string id, string displayName, CrowdLayer layer, string? email = null, IReadOnlyList<string>? qualifications = null, string? managerId = null, IReadOnlyList<string>? colleagueIds = null)
    {
        Id = id;
        DisplayName = displayName;
        Layer = layer;
        Email = email;
        Qualifications = qualifications ?? [];
        ManagerId = managerId;
        ColleagueIds = colleagueIds ?? [];
        _constructed = true;
        CheckSelfReferences();
    }

    /// <inheritdoc/>
    public string Id
    {
        get;
        init
        {
            field = Guard.Id(value, nameof(Participant), nameof(Id));
            if (_constructed)
            {
                CheckSelfReferences();
            }
        }
    }

    /// <summary>The name shown to people: at most <see cref="Limits.MaxNameLength"/> characters, no control characters.</summary>
    public string DisplayName { get; init => field = Guard.Name(value, nameof(Participant), nameof(DisplayName)); }

    /// <summary>The crowd layer the participant belongs to.</summary>
    public CrowdLayer Layer { get; init => field = Guard.Defined(value, nameof(Participant), nameof(Layer)); }

    /// <summary>The e-mail address notifications go to, when there is one.</summary>
    public string? Email
    {
        get;
        init => field = value is null || (value.Length <= Limits.MaxEmailLength && Guard.EmailPattern().IsMatch(value))
            ? value
            : value.Length > Limits.MaxEmailLength
            ? throw Guard.Fail(nameof(Email), Guard.Message($"Participant.Email must be at most {Limits.MaxEmailLength} characters (value has {value.Length:N0})."))
            : throw Guard.Fail(nameof(Email), $"Participant.Email is not an e-mail address (value: {Guard.Show(value)}).");
    }

    /// <summary>The qualifications the participant holds (distinct, ordinal).</summary>
    public IReadOnlyList<string> Qualifications { get; init => field = Guard.DistinctKeys(value, nameof(Participant), nameof(Qualifications)); }

    /// <summary>The participant's manager, whom escalations go to; <see langword="null"/> when none.</summary>
    public string? ManagerId
    {
        get;
        init
        {
            field = Guard.OptionalId(value, nameof(Participant), nameof(ManagerId));
            if (_constructed)
            {
                CheckSelfReferences();
            }
        }
    }

    /// <summary>Colleagues the participant may delegate to (distinct, ordinal).</summary>
    public IReadOnlyList<string> ColleagueIds
    {
        get;
        init
        {
            field = Guard.DistinctIds(value, nameof(Participant), nameof(ColleagueIds));
            if (_constructed)
            {
                CheckSelfReferences();
            }
        }
    }

    /// <summary>
    /// When the participant became inactive (left the organisation, or the enterprise directory stopped listing them);
    /// <see langword="null"/> (the default) while they are active. An inactive participant stays stored with their
    /// work, but is left out of every campaign's crowd, is not contacted by decision cycles, and cannot be assigned new
    /// knowledge requests nor receive delegated questions. Setting it back to <see langword="null"/> makes them active again.
    /// </summary>
    public DateTimeOffset? InactiveSince { get; init; }

    /// <summary>Whether the participant is active: <see cref="InactiveSince"/> is <see langword="null"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsActive => InactiveSince is null;

    /// <inheritdoc/>
    public long Version { get; init => field = Guard.NonNegative(value, nameof(Participant), nameof(Version)); }

    /// <inheritdoc/>
    public string? ModifiedBy { get; init; }

    /// <inheritdoc/>
    public DateTimeOffset? ModifiedAt { get; init; }

    private void CheckSelfReferences()
    {
        if (string.Equals(ManagerId, Id, StringComparison.Ordinal))
        {
            throw Guard.Fail(nameof(ManagerId), $"Participant.ManagerId must not be the participant itself ('{Id}').");
        }

        if (ColleagueIds.Contains(Id, StringComparer.Ordinal))
        {
            throw Guard.Fail(nameof(ColleagueIds), $"Participant.ColleagueIds must not contain the participant itself ('{Id}').");
        }
    }

    /// <summary>Whether the participant holds the qualification (ordinal comparison).</summary>
    public bool HasQualification(string qualification) => Qualifications.Contains(qualification, StringComparer.Ordinal);
}

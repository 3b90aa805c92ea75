using System.Text.Json;
using System.Text.Json.Serialization;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decisions;
using Crowdsourcing.Incentives;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Serialization;

/// <summary>
/// The source-generated <see cref="System.Text.Json"/> context for every model type. Property names are camelCase,
/// enum values kebab-case (<c>macro-task</c>, <c>trusted-partners</c>); numbers are not accepted for enums, unknown
/// enum values and missing required properties fail with a <see cref="JsonException"/> that gives the JSON path, and
/// <see langword="null"/> is refused where the model does not allow it.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters =
    [
        typeof(KebabCaseEnumConverter<TaskKind>),
        typeof(KebabCaseEnumConverter<Confidentiality>),
        typeof(KebabCaseEnumConverter<CrowdLayer>),
        typeof(KebabCaseEnumConverter<CrowdConfiguration>),
        typeof(KebabCaseEnumConverter<AnswerType>),
        typeof(KebabCaseEnumConverter<AssignmentStatus>),
        typeof(KebabCaseEnumConverter<Motivation>),
        typeof(KebabCaseEnumConverter<NotificationStatus>),
    ])]
[JsonSerializable(typeof(Campaign))]
[JsonSerializable(typeof(CrowdTask))]
[JsonSerializable(typeof(Participant))]
[JsonSerializable(typeof(Questionnaire))]
[JsonSerializable(typeof(Assignment))]
[JsonSerializable(typeof(Response))]
[JsonSerializable(typeof(Incentive))]
[JsonSerializable(typeof(IReadOnlyList<Incentive>))]
[JsonSerializable(typeof(QualityRule))]
[JsonSerializable(typeof(IReadOnlyList<QualityRule>))]
[JsonSerializable(typeof(ReadinessScale))]
[JsonSerializable(typeof(QualityAssessment))]
[JsonSerializable(typeof(ParticipantBelief))]
[JsonSerializable(typeof(DecisionCycleRecord))]
[JsonSerializable(typeof(Notification))]
[JsonSerializable(typeof(IReadOnlyList<Participant>))]
public sealed partial class CrowdsourcingJsonContext : JsonSerializerContext
{
}

/// <summary>Reads and writes enum values in kebab-case (<c>TrustedPartners</c> as <c>trusted-partners</c>); numbers are refused.</summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
public sealed class KebabCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter.</summary>
    public KebabCaseEnumConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}

/// <summary>Serialises and deserialises model types with <see cref="CrowdsourcingJsonContext"/>.</summary>
public static class CrowdsourcingJson
{
    /// <summary>The options of <see cref="CrowdsourcingJsonContext"/> (read-only).</summary>
    public static JsonSerializerOptions Options => CrowdsourcingJsonContext.Default.Options;

    /// <summary>Writes a model value as indented JSON.</summary>
    /// <typeparam name="T">A model type listed in <see cref="CrowdsourcingJsonContext"/>.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a model type.</exception>
    public static string Serialize<T>(T value) =>
        JsonSerializer.Serialize(value, TypeInfo<T>());

    /// <summary>Reads a model value from JSON.</summary>
    /// <typeparam name="T">A model type listed in <see cref="CrowdsourcingJsonContext"/>.</typeparam>
    /// <exception cref="JsonException">The JSON is malformed, misses a required property, has an unknown enum value or a
    /// null where none is allowed; the message and <see cref="JsonException.Path"/> give the JSON path.</exception>
    /// <exception cref="ArgumentException">The values break a rule of the model; the message names the type, field and value.</exception>
    public static T Deserialize<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, TypeInfo<T>())
            ?? throw new JsonException($"The JSON is null; expected a {typeof(T).Name}.", "$", null, null);
    }

    /// <summary>Reads a model value from a UTF-8 JSON stream.</summary>
    /// <typeparam name="T">A model type listed in <see cref="CrowdsourcingJsonContext"/>.</typeparam>
    /// <exception cref="JsonException">See <see cref="Deserialize{T}(string)"/>.</exception>
    /// <exception cref="ArgumentException">See <see cref="Deserialize{T}(string)"/>.</exception>
    public static async ValueTask<T> DeserializeAsync<T>(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return await JsonSerializer.DeserializeAsync(utf8Json, TypeInfo<T>(), cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"The JSON is null; expected a {typeof(T).Name}.", "$", null, null);
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> TypeInfo<T>() =>
        CrowdsourcingJsonContext.Default.GetTypeInfo(typeof(T)) as System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T).Name} is not a model type of CrowdsourcingJsonContext.");
}

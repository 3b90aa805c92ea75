using System.Text.Json;
using System.Text.Json.Serialization;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Incentives;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Tasks;
using Crowdsourcing.Validation;

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
        typeof(KebabCaseEnumConverter<InterventionEffect>),
        typeof(KebabCaseEnumConverter<Reconciliation.ReliabilitySource>),
    ])]
[JsonSerializable(typeof(Campaign))]
[JsonSerializable(typeof(CampaignDecisionSettings))]
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
[JsonSerializable(typeof(ReportReview))]
[JsonSerializable(typeof(ParticipantBelief))]
[JsonSerializable(typeof(DecisionCycleRecord))]
[JsonSerializable(typeof(Notification))]
[JsonSerializable(typeof(IReadOnlyList<Participant>))]
[JsonSerializable(typeof(Reconciliation.GoldAnswer))]
[JsonSerializable(typeof(Reconciliation.ExpertReliability))]
[JsonSerializable(typeof(Reconciliation.AnotherAnswerDecision))]
public sealed partial class CrowdsourcingJsonContext : JsonSerializerContext
{
}

/// <summary>
/// Reads and writes enum values by their <see cref="EnumNames"/> (kebab-case: <c>TrustedPartners</c> as
/// <c>trusted-partners</c>). Only the exact name of one defined value is read: numbers, other spellings (capitals, padding), unknown names and
/// comma-separated combinations are refused with a <see cref="JsonException"/> whose message names the allowed values
/// (System.Text.Json sets its <see cref="JsonException.Path"/>; <see cref="CrowdsourcingJson"/> also puts the path in
/// the message).
/// </summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
public sealed class KebabCaseEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter.</summary>
    public KebabCaseEnumConverter()
    {
    }

    /// <inheritdoc/>
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected one of {EnumNames.Describe<TEnum>()}; found {Describe(reader.TokenType)}.");
        }

        return Parse(reader.GetString());
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(NameOf(value));
    }

    /// <inheritdoc/>
    public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString());

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(NameOf(value));
    }

    private static TEnum Parse(string? name) =>
        EnumNames.TryParse<TEnum>(name, out var value)
            ? value
            : throw new JsonException($"{Guard.Show(name)} is not allowed; expected exactly one of {EnumNames.Describe<TEnum>()}.");

    private static string NameOf(TEnum value)
    {
        try
        {
            return EnumNames.Of(value);
        }
        catch (ValidationFailedException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.Null => "null",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };
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
    /// <exception cref="JsonException">The JSON is malformed, misses a required property, has an enum value that is not
    /// exactly one of the kebab-case names, or a null where none is allowed; the message says so in the user's words
    /// (<see cref="JsonReadError"/>: the JSON path, the line and column, what was expected) and
    /// <see cref="JsonException.Path"/> gives the JSON path.</exception>
    /// <exception cref="ValidationFailedException">The values break a rule of the model; the message names the type, field and value.</exception>
    public static T Deserialize<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        T? value;
        var type = TypeInfo<T>();
        try
        {
            value = JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException ex)
        {
            throw InUsersWords(ex, type, json);
        }

        return value ?? throw new JsonException($"The JSON is null; expected a {typeof(T).Name}.", "$", null, null);
    }

    /// <summary>Reads a model value from a UTF-8 JSON stream.</summary>
    /// <typeparam name="T">A model type listed in <see cref="CrowdsourcingJsonContext"/>.</typeparam>
    /// <exception cref="JsonException">See <see cref="Deserialize{T}(string)"/>.</exception>
    /// <exception cref="ValidationFailedException">See <see cref="Deserialize{T}(string)"/>.</exception>
    public static async ValueTask<T> DeserializeAsync<T>(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        T? value;
        var type = TypeInfo<T>();
        try
        {
            value = await JsonSerializer.DeserializeAsync(utf8Json, type, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw InUsersWords(ex, type, null);
        }

        return value ?? throw new JsonException($"The JSON is null; expected a {typeof(T).Name}.", "$", null, null);
    }

    /// <summary>The exception again, its message in the user's words (<see cref="JsonReadError"/>): the path, the line
    /// and column, what was expected and found; <see cref="JsonException.Path"/>, <see cref="JsonException.LineNumber"/>
    /// and <see cref="JsonException.BytePositionInLine"/> kept as System.Text.Json set them.</summary>
    private static JsonException InUsersWords(JsonException exception, System.Text.Json.Serialization.Metadata.JsonTypeInfo type, string? json) =>
        new(JsonReadError.From(exception, type, json).Message, exception.Path, exception.LineNumber, exception.BytePositionInLine, exception);

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> TypeInfo<T>() =>
        CrowdsourcingJsonContext.Default.GetTypeInfo(typeof(T)) as System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T).Name} is not a model type of CrowdsourcingJsonContext.");
}

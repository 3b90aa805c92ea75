using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Providers.Relational;

/// <summary>
/// The JSON the relational providers store: <see cref="CrowdsourcingJson"/>'s contract (the same names, enum spellings
/// and validation on read), written without indentation to keep rows small.
/// </summary>
internal static class RecordJson
{
    private static readonly JsonSerializerOptions Compact = new(CrowdsourcingJson.Options) { WriteIndented = false };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    /// <summary>The JSON of <paramref name="value"/> as UTF-8 bytes (<see cref="Serialize{T}"/>'s text, encoded).</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Info<T>());

    /// <summary>A SHA-256 of <paramref name="value"/>'s JSON, as lowercase hex: <c>Hash(Serialize(value))</c>, without
    /// making the text (the JSON's UTF-8 bytes are hashed as they are written).</summary>
    public static string HashOf<T>(T value) => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, Info<T>())));

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize(json, Info<T>()) ?? throw new JsonException($"A stored {typeof(T).Name} is the JSON null.");

    /// <summary>A SHA-256 of a text, as lowercase hex: a short key for content compared for equality.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static JsonTypeInfo<T> Info<T>() => TypeInfo<T>.Value;

    /// <summary>The contract of <typeparamref name="T"/>, looked up once (a lookup per call costs a type check each time:
    /// a million participants are serialised per import).</summary>
    private static class TypeInfo<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)Compact.GetTypeInfo(typeof(T));
    }
}

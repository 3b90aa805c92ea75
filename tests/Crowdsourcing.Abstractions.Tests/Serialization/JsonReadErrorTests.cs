using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Crowdsourcing.Notifications;
using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Abstractions.Tests.Serialization;

/// <summary><see cref="JsonReadError"/> says in the user's words where a JSON document is wrong and what was expected there.</summary>
public sealed class JsonReadErrorTests
{
    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly string[] Internals = ["System.", ".NET", "Dto", "LineNumber", "BytePositionInLine", "Path:", "could not be converted", "could not be mapped", "JsonSerializerOptions"];

    [Theory]
    [InlineData("{\"size\": \"big\"}", "$.size (line 1, column 15): expected a number; found the string \"big\"")]
    [InlineData("{\"count\": 1.5}", "$.count (line 1, column 14): expected a whole number; found the number 1.5")]
    [InlineData("{\"tags\": \"a\"}", "$.tags (line 1, column 13): expected an array of strings; found the string \"a\"")]
    [InlineData("{\"rows\": [[1], [\"x\"]]}", "$.rows[1][0] (line 1, column 20): expected a number; found the string \"x\"")]
    [InlineData("{\"enabled\": \"yes\"}", "$.enabled (line 1, column 18): expected true or false; found the string \"yes\"")]
    [InlineData("{\"at\": \"tomorrow\"}", "$.at (line 1, column 18): expected a date and time such as \"2026-01-05T09:00:00Z\"; found the string \"tomorrow\"")]
    [InlineData("{\"colour\": 1}", "$.colour (line 1, column 11): 'colour' is not a property here; expected 'size', 'count', 'tags', 'rows', 'enabled', 'at', 'name', 'inner'")]
    [InlineData("{\"inner\": {\"depth\": 1}}", "$.inner.depth (line 1, column 20): 'depth' is not a property here; expected 'level'")]
    [InlineData("{\"name\": null}", "$.name (line 1, column 14): null is not allowed here; expected a string")]
    [InlineData("{\"size\": 1,\n  \"tags\": [\"a\",\n", "$.tags[1] (line 3, column 1): the JSON ends too early: a value, an object or an array is not complete")]
    [InlineData("", "$ (line 1, column 1): there is no JSON: the text is empty")]
    public void Describes_what_was_expected_where(string json, string expected)
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, Info));

        var error = JsonReadError.From(exception, Info, json);

        Assert.Equal(expected, error.Message);
        foreach (var fragment in Internals)
        {
            Assert.DoesNotContain(fragment, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_the_type_and_the_text_it_still_speaks_plainly()
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"rows\": [[\"x\"]]}", Info));

        var error = JsonReadError.From(exception);

        Assert.Equal("$.rows[0][0] (line 1, column 15): expected a number", error.Message);
    }

    [Fact]
    public void Missing_required_properties_are_named()
    {
        var info = Strict.GetTypeInfo(typeof(Needs));
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{}", info));

        Assert.Equal("$ (line 1, column 3): the required properties 'first', 'second' are missing (a Needs needs them)", JsonReadError.From(exception, info, "{}").Message);
    }

    [Fact]
    public void A_part_of_a_larger_document_is_reported_at_its_place()
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"size\": \"big\"}", Info));

        var error = JsonReadError.From(exception, Info, at: "$.things[2]");

        Assert.Equal("$.things[2].size", error.Path);
    }

    [Fact]
    public void The_column_counts_characters_not_bytes()
    {
        const string json = "{\"name\": \"Zoë\", \"size\": \"é\"}";
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, Info));

        var error = JsonReadError.From(exception, Info, json);

        Assert.Equal(28, error.Column);
        Assert.Equal(json.IndexOf("\"é\"", StringComparison.Ordinal) + 4, error.Column);
    }

    [Fact]
    public void An_enum_value_gets_the_allowed_names()
    {
        var json = CrowdsourcingJson.Serialize(Samples.Notification()).Replace("\"pending\"", "7", StringComparison.Ordinal);

        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>(json));

        Assert.Matches(@"^\$\.status \(line \d+, column \d+\): expected one of 'pending', 'delivered', 'failed'; found a number$", exception.Message);
    }

    [Fact]
    public void Describe_names_a_type_in_plain_words()
    {
        Assert.Equal("an array of arrays of numbers", JsonReadError.Describe(Strict.GetTypeInfo(typeof(double[][]))));
        Assert.Equal("one of 'pending', 'delivered', 'failed'", JsonReadError.Describe(Strict.GetTypeInfo(typeof(NotificationStatus))));
        Assert.Equal("a duration such as \"7.00:00:00\" (d.hh:mm:ss)", JsonReadError.Describe(Strict.GetTypeInfo(typeof(TimeSpan))));
        Assert.Equal("an object", JsonReadError.Describe(Strict.GetTypeInfo(typeof(Inner))));
    }

    private static JsonTypeInfo Info => Strict.GetTypeInfo(typeof(Thing));

    private sealed class Thing
    {
        public double Size { get; set; }

        public int Count { get; set; }

        public string[]? Tags { get; set; }

        public double[][]? Rows { get; set; }

        public bool Enabled { get; set; }

        public DateTimeOffset At { get; set; }

        public string Name { get; set; } = string.Empty;

        public Inner? Inner { get; set; }
    }

    private sealed class Inner
    {
        public int Level { get; set; }
    }

    private sealed class Needs
    {
        [JsonRequired]
        public int First { get; set; }

        [JsonRequired]
        public int Second { get; set; }
    }
}

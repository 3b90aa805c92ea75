using System.Text.Json;
using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Incentives;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Abstractions.Tests.Serialization;

/// <summary>Bad JSON fails with a <see cref="JsonException"/> that gives the JSON path; broken model rules inside valid JSON
/// fail with the model's <see cref="ValidationFailedException"/>.</summary>
public sealed class JsonErrorTests
{
    private const string Notification = """
        {
          "id": "n-1",
          "channel": "email",
          "recipientId": "expert-7",
          "kind": "reminder",
          "subject": "Reminder",
          "body": "Two questions are open.",
          "createdAt": "2026-03-02T09:00:00+00:00",
          "status": "pending",
          "nextAttemptAt": "2026-03-02T09:10:00+00:00"
        }
        """;

    [Fact]
    public void Valid_document_is_read()
    {
        var notification = CrowdsourcingJson.Deserialize<Notification>(Notification);
        Assert.Equal("n-1", notification.Id);
        Assert.Equal(NotificationStatus.Pending, notification.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 10, 0, TimeSpan.Zero), notification.NextAttemptAt);
    }

    [Theory]
    [InlineData("\"on-hold\"")]
    [InlineData("\"\"")]
    [InlineData("\"pending-delivery\"")]
    [InlineData("\"Pending-\"")]
    public void Unknown_enum_value_fails_with_its_path(string invalid)
    {
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>(Notification.Replace("\"pending\"", invalid, StringComparison.Ordinal)));
        Assert.Equal("$.status", exception.Path);
        Assert.StartsWith("$.status (line 9, column ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_enum_value_inside_a_polymorphic_value_fails_with_its_path()
    {
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Incentive>("""{"type":"non-monetary","name":"n","description":"d","aims":"greed"}"""));
        Assert.Equal("$.aims", exception.Path);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("\"1\"")]
    public void Numeric_enum_value_is_refused(string number)
    {
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>(Notification.Replace("\"pending\"", number, StringComparison.Ordinal)));
        Assert.Equal("$.status", exception.Path);
        Assert.Contains("$.status", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_enum_value_is_refused_inside_a_polymorphic_value()
    {
        var json = """{"type":"non-monetary","name":"n","description":"d","aims":0}""";
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Incentive>(json));
        Assert.Equal("$.aims", exception.Path);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("channel")]
    [InlineData("recipientId")]
    [InlineData("kind")]
    [InlineData("subject")]
    [InlineData("body")]
    [InlineData("createdAt")]
    public void Missing_required_property_fails_naming_it(string property)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(Notification)!.AsObject();
        Assert.True(document.Remove(property));
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>(document.ToJsonString()));
        Assert.Contains($"'{property}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Notification", exception.Message, StringComparison.Ordinal);
        Assert.Equal("$", exception.Path);
    }

    [Fact]
    public void Missing_required_property_of_a_polymorphic_value_fails_naming_it()
    {
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Incentive>("""{"type":"fixed-reward","name":"Fee","amount":10}"""));
        Assert.Contains("'currency'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("FixedReward", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_optional_properties_take_their_defaults()
    {
        var rule = Assert.IsType<NonMonetaryRecognition>(CrowdsourcingJson.Deserialize<Incentive>("""{"type":"non-monetary","name":"n","description":"d"}"""));
        Assert.Equal(Motivation.InternalizedExtrinsic, rule.Aims);
        var custom = Assert.IsType<CustomQualityRule>(CrowdsourcingJson.Deserialize<QualityRule>("""{"type":"custom","id":"r","kind":"k"}"""));
        Assert.Empty(custom.Parameters);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("subject")]
    [InlineData("body")]
    public void Null_where_the_model_allows_none_fails_with_the_path(string property)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(Notification)!.AsObject();
        document[property] = null;
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>(document.ToJsonString()));
        Assert.Contains(property, exception.Message, StringComparison.Ordinal);
        Assert.Equal($"$.{property}", exception.Path);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("attempts")]
    [InlineData("createdAt")]
    public void Null_for_a_value_type_fails_with_the_path(string property)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(Notification)!.AsObject();
        document[property] = null;
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>(document.ToJsonString()));
        Assert.Equal($"$.{property}", exception.Path);
    }

    [Fact]
    public void Null_for_a_nullable_constructor_parameter_takes_its_default()
    {
        var rule = Assert.IsType<CustomQualityRule>(CrowdsourcingJson.Deserialize<QualityRule>("""{"type":"custom","id":"r","kind":"k","parameters":null}"""));
        Assert.Empty(rule.Parameters);
    }

    [Fact]
    public void Null_for_an_optional_property_is_accepted()
    {
        var notification = CrowdsourcingJson.Deserialize<Notification>(Notification.Replace("\"status\": \"pending\"", "\"status\": \"pending\", \"leaseOwner\": null, \"deliveredAt\": null", StringComparison.Ordinal));
        Assert.Null(notification.LeaseOwner);
        Assert.Null(notification.DeliveredAt);
    }

    [Fact]
    public void Null_document_fails_naming_the_expected_type()
    {
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>("null"));
        Assert.Contains("The JSON is null; expected a Notification", exception.Message, StringComparison.Ordinal);
        Assert.Equal("$", exception.Path);
    }

    [Fact]
    public async Task Null_document_fails_when_read_from_a_stream_too()
    {
        using var stream = new MemoryStream("null"u8.ToArray());
        var exception = await Assert.ThrowsAsync<JsonException>(async () => await CrowdsourcingJson.DeserializeAsync<Notification>(stream));
        Assert.Contains("expected a Notification", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_fails_with_line_and_position()
    {
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Notification>("{\n  \"id\": \"n-1\",\n  \"channel\": }"));
        Assert.Equal(2, exception.LineNumber);
        Assert.Contains("(line 3, column ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_discriminator_fails_with_its_path()
    {
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Incentive>("""{"type":"stock-options","name":"Options"}"""));
        Assert.Contains("'stock-options' is not a known type; expected one of ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'fixed-reward'", exception.Message, StringComparison.Ordinal);
        Assert.Equal("$", exception.Path);
        var rule = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<QualityRule>("""{"type":"minimum-score","id":"r"}"""));
        Assert.Contains("minimum-score", rule.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_discriminator_fails_because_the_base_type_is_abstract()
    {
        var exception = Assert.Throws<NotSupportedException>(() => CrowdsourcingJson.Deserialize<Incentive>("""{"name":"Fee","amount":10,"currency":"EUR"}"""));
        Assert.Contains("'Crowdsourcing.Incentives.Incentive' must specify a type discriminator", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Path: $", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discriminator_of_the_wrong_base_type_is_unknown()
    {
        Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<QualityRule>("""{"type":"fixed-reward","name":"Fee","amount":10,"currency":"EUR"}"""));
    }

    [Theory]
    [InlineData("id", "\"\"", "Notification.Id must not be empty or whitespace (value: '')")]
    [InlineData("kind", "\"a\\u0007b\"", "Notification.Kind must not contain control characters")]
    [InlineData("subject", "\"   \"", "Notification.Subject must not be empty or whitespace (value: '   ')")]
    public void Model_rule_broken_inside_valid_json_fails_naming_the_field(string property, string value, string message)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(Notification)!.AsObject();
        document[property] = System.Text.Json.Nodes.JsonNode.Parse(value);
        var exception = Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<Notification>(document.ToJsonString()));
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_rule_of_an_init_property_broken_inside_valid_json_fails_naming_the_field()
    {
        var exception = Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<Notification>(Notification.Replace("\"status\": \"pending\"", "\"status\": \"pending\", \"attempts\": -1", StringComparison.Ordinal)));
        Assert.Contains("Notification.Attempts must not be negative (value: -1)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_field_rule_broken_inside_valid_json_fails_naming_the_field()
    {
        var exception = Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<Incentive>("""{"type":"non-monetary","name":"Cash-like","description":"d","aims":"extrinsic"}"""));
        Assert.Contains("NonMonetaryRecognition.Aims cannot be Extrinsic", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Polymorphic_model_rule_broken_inside_valid_json_fails_naming_the_field()
    {
        var exception = Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<QualityRule>("""{"type":"custom","id":" ","kind":"k"}"""));
        Assert.Contains("QualityRule.Id must not be empty or whitespace (value: ' ')", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_numbers_are_refused_as_json()
    {
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Incentive>("""{"type":"fixed-reward","name":"Fee","amount":"NaN","currency":"EUR"}"""));
        Assert.Equal("$.amount", exception.Path);
    }

    [Fact]
    public void Unknown_enum_value_of_a_task_fails_with_its_path()
    {
        var task = CrowdsourcingJson.Serialize(Samples.Task());
        var kind = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<CrowdTask>(task.Replace("\"macro-task\"", "\"mega-task\"", StringComparison.Ordinal)));
        Assert.Equal("$.kind", kind.Path);
        Assert.StartsWith("$.kind (line ", kind.Message, StringComparison.Ordinal);
        var layer = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<CrowdTask>(task.Replace("\"trusted-partners\"", "\"partners\"", StringComparison.Ordinal)));
        Assert.Equal("$.allowedLayers[1]", layer.Path);
    }

    [Fact]
    public void Unknown_enum_value_deep_in_a_questionnaire_fails_with_its_path()
    {
        var json = CrowdsourcingJson.Serialize(Samples.Questionnaire()).Replace("\"whole-number\"", "\"integer\"", StringComparison.Ordinal);
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Questionnaire>(json));
        Assert.Equal("$.sections[0].questions[1].answerType", exception.Path);
    }

    [Fact]
    public void Missing_required_list_fails_naming_it()
    {
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<CrowdTask>("""{"id":"t","name":"T","kind":"contest","confidentiality":"public"}"""));
        Assert.Contains("'allowedLayers'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("CrowdTask", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_list_where_the_model_allows_none_fails_with_the_path()
    {
        var json = CrowdsourcingJson.Serialize(Samples.Questionnaire()).Replace("\"choices\": []", "\"choices\": null", StringComparison.Ordinal);
        var exception = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<Questionnaire>(json));
        Assert.Equal("$.sections[0].questions[0].constraints.choices", exception.Path);
        var task = Assert.Throws<JsonException>(() => CrowdsourcingJson.Deserialize<CrowdTask>("""{"id":"t","name":"T","kind":"contest","confidentiality":"public","allowedLayers":null}"""));
        Assert.Equal("$.allowedLayers", task.Path);
    }

    [Fact]
    public void Cross_field_rule_of_a_task_broken_inside_valid_json_fails_naming_the_field()
    {
        var json = CrowdsourcingJson.Serialize(Samples.Task());
        var outside = Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<CrowdTask>(json.Replace("\"2026-03-09T09:00:00+00:00\"", "\"2027-01-01T00:00:00+00:00\"", StringComparison.Ordinal)));
        Assert.Contains("CrowdTask.Milestones[0] 'Questionnaires sent' is due 2027-01-01", outside.Message, StringComparison.Ordinal);
        var farther = Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<CrowdTask>(json.Replace("\"trusted-partners\"", "\"general\"", StringComparison.Ordinal)));
        Assert.Contains("CrowdTask.AllowedLayers[1] is 'general', but a confidential task may reach no farther than 'trusted-partners'", farther.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_rule_broken_inside_valid_json_fails_naming_the_field()
    {
        var json = CrowdsourcingJson.Serialize(Samples.Belief()).Replace("0.5", "0.6", StringComparison.Ordinal);
        var exception = Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<ParticipantBelief>(json));
        Assert.Contains("ParticipantBelief.Probabilities for participant 'expert-7' sum to 1.1", exception.Message, StringComparison.Ordinal);
        var ladder = Assert.Throws<ValidationFailedException>(() => CrowdsourcingJson.Deserialize<Incentive>("""{"type":"prize-ladder","name":"P","prizes":[100,200],"currency":"EUR"}"""));
        Assert.Contains("PrizeLadder.Prizes must strictly decrease: prize 2 (200) is not below prize 1 (100)", ladder.Message, StringComparison.Ordinal);
    }
}

using Crowdsourcing.Abstractions.Tests.TestSupport;

namespace Crowdsourcing.Abstractions.Tests.Regressions;

/// <summary>
/// The model's constructors check ids, keys and names on a fast path that builds no message until a value fails. These
/// tests hold that path to the full rule: over edge cases and seeded random strings, a value is accepted exactly when
/// the full check (<see cref="Limits.CheckId"/>, <see cref="Limits.CheckKey"/>, or the name rule) accepts it, and a
/// refused one gets the full check's message.
/// </summary>
public sealed class IdentifierRuleTests
{
    private static readonly string[] EdgeCases =
    [
        string.Empty, " ", "\t", "a", ".", "a.", ".a", "a.b", "-", "~", "@", "_", "a b", "a\u0000", "\u001f", "\u007f", "\u009f", "\u00a0",
        "é", "a\u200bb", "p-0000001", "user@example.com", "ﬁ", "a\nb", new string('a', Limits.MaxIdLength), new string('a', Limits.MaxIdLength + 1),
        new string('n', Limits.MaxNameLength), new string('n', Limits.MaxNameLength + 1), "\ud800", "😀",
    ];

    private static IEnumerable<string> Candidates()
    {
        foreach (var value in EdgeCases)
        {
            yield return value;
        }

        // Characters from the id alphabet, its neighbours in ASCII, blanks, controls and beyond ASCII.
        const string pool = "aZ09-_~@..:/ +\t\u0000\u001f\u007f\u0085\u009f\u00a0é😀";
        var random = new Random(20261208);
        for (var k = 0; k < 20_000; k++)
        {
            var length = random.Next(0, k % 50 == 0 ? 260 : 12);
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = pool[random.Next(pool.Length)];
            }

            yield return new string(chars);
        }
    }

    private static string? Refusal(Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (ValidationFailedException ex)
        {
            return ex.Message;
        }
    }

    [Fact]
    public void An_id_is_accepted_exactly_when_the_full_id_rule_accepts_it()
    {
        foreach (var value in Candidates())
        {
            var full = Refusal(() => Limits.CheckId(value, "Participant.Id"));
            var model = Refusal(() => _ = Samples.Participant() with { Id = value });
            Assert.True((full is null) == (model is null), $"'{value}': the full rule says {full ?? "accepted"}, the model says {model ?? "accepted"}");
            if (model is not null)
            {
                Assert.Equal(full, model);
            }
        }
    }

    [Fact]
    public void A_name_is_accepted_exactly_when_it_is_not_blank_within_the_limit_and_without_control_characters()
    {
        foreach (var value in Candidates())
        {
            var expected = !string.IsNullOrWhiteSpace(value) && value.Length <= Limits.MaxNameLength && !value.Any(c => c <= '\u001f' || c is >= '\u007f' and <= '\u009f');
            var model = Refusal(() => _ = Samples.Participant() with { DisplayName = value });
            Assert.True(expected == (model is null), $"'{value}': expected {(expected ? "accepted" : "refused")}, the model says {model ?? "accepted"}");
        }
    }
}

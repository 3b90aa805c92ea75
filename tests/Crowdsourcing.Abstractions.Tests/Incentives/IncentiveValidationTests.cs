using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Incentives;

namespace Crowdsourcing.Abstractions.Tests.Incentives;

public sealed class IncentiveValidationTests
{
    private static readonly Rules Table = BuildRules();

    public static TheoryData<string> RuleNames => Table.Names;

    public static TheoryData<string> AcceptedNames => Table.AcceptedNames;

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Rule_is_enforced_with_a_message_naming_field_and_value(string rule) => Table.Verify(rule);

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public void Valid_value_is_accepted(string rule) => Table.VerifyAccepted(rule);

    [Fact]
    public void Each_incentive_states_the_motivation_it_aims_at()
    {
        Assert.Equal(Motivation.Extrinsic, Samples.FixedReward().Motivation);
        Assert.Equal(Motivation.Extrinsic, Samples.PerformanceBonus().Motivation);
        Assert.Equal(Motivation.Extrinsic, Samples.PrizeLadder().Motivation);
        Assert.Equal(Motivation.Intrinsic, Samples.NonMonetary().Motivation);
        Assert.Equal(Motivation.InternalizedExtrinsic, new NonMonetaryRecognition("Badge", "A badge").Motivation);
    }

    [Fact]
    public void Prize_ladder_keeps_its_prizes_in_order()
    {
        Assert.Equal([5000m, 2500m, 1000m], Samples.PrizeLadder().Prizes);
        Assert.Equal([0m], new PrizeLadder("Honour", [0m], "EUR").Prizes);
    }

    private static Rules BuildRules()
    {
        var rules = new Rules()
            .NameField("Incentive.Name", v => _ = new FixedReward(v!, 1, "EUR"), v => _ = Samples.FixedReward() with { Name = v! })
            .TextField("PerformanceBonus.Criterion", null, v => _ = Samples.PerformanceBonus() with { Criterion = v! })
            .TextField("NonMonetaryRecognition.Description", v => _ = new NonMonetaryRecognition("n", v!), v => _ = Samples.NonMonetary() with { Description = v! })
            .EnumField("NonMonetaryRecognition.Aims", v => _ = new NonMonetaryRecognition("n", "d", (Motivation)v), v => _ = Samples.NonMonetary() with { Aims = (Motivation)v }, "'internalized-extrinsic'");

        // Text-field cases for the other incentive types under distinct names.
        rules
            .Add<ValidationFailedException>("Incentive.Name performance bonus ctor: whitespace", () => _ = new PerformanceBonus("\t", 1, "EUR", "c"), "Incentive.Name must not be empty or whitespace (value: '\t')")
            .Add<ValidationFailedException>("Incentive.Name prize ladder ctor: empty", () => _ = new PrizeLadder(" ", [1m], "EUR"), "Incentive.Name must not be empty or whitespace (value: ' ')")
            .Add<ValidationFailedException>("Incentive.Name non-monetary ctor: empty", () => _ = new NonMonetaryRecognition("", "d"), "Incentive.Name must not be empty or whitespace (value: '')")
            .Add<ValidationFailedException>("Incentive.Name prize ladder with: empty", () => _ = Samples.PrizeLadder() with { Name = "" }, "Incentive.Name must not be empty or whitespace (value: '')");

        string?[] badCurrencies = [null, "", "eur", "EU", "EURO", "E1R", "ÄUR", " EU"];
        for (var i = 0; i < badCurrencies.Length; i++)
        {
            var currency = badCurrencies[i];
            var shown = currency is null ? "null" : $"'{currency}'";
            rules
                .Add<ValidationFailedException>($"FixedReward.Currency with: {shown}", () => _ = Samples.FixedReward() with { Currency = currency! }, "FixedReward.Currency must be a three-letter ISO 4217 code in capitals", $"(value: {shown})")
                .Add<ValidationFailedException>($"PerformanceBonus.Currency with: {shown}", () => _ = Samples.PerformanceBonus() with { Currency = currency! }, "PerformanceBonus.Currency must be a three-letter ISO 4217 code in capitals", $"(value: {shown})")
                .Add<ValidationFailedException>($"PrizeLadder.Currency ctor: {shown}", () => _ = new PrizeLadder("p", [1m], currency!), "PrizeLadder.Currency must be a three-letter ISO 4217 code in capitals", $"(value: {shown})")
                .Add<ValidationFailedException>($"PrizeLadder.Currency with: {shown}", () => _ = Samples.PrizeLadder() with { Currency = currency! }, "PrizeLadder.Currency must be a three-letter ISO 4217 code in capitals", $"(value: {shown})");
        }

        return rules
            .Accept("Currency: three capitals", () => _ = (new FixedReward("f", 0, "CHF"), new PerformanceBonus("b", 0, "JPY", "c"), new PrizeLadder("p", [1m], "GBP")))
            .Add<ValidationFailedException>("FixedReward.Amount with: negative", () => _ = Samples.FixedReward() with { Amount = -150m }, "FixedReward.Amount must not be negative (value: -150)")
            .Add<ValidationFailedException>("PerformanceBonus.Amount with: negative", () => _ = Samples.PerformanceBonus() with { Amount = -2m }, "PerformanceBonus.Amount must not be negative (value: -2)")
            .Accept("Amount: zero", () => _ = (new FixedReward("f", 0m, "EUR"), new PerformanceBonus("b", 0m, "EUR", "c")))
            .Add<ValidationFailedException>("PrizeLadder.Prizes: empty", () => _ = new PrizeLadder("p", [], "EUR"), "PrizeLadder.Prizes must have at least one prize")
            .Add<ValidationFailedException>("PrizeLadder.Prizes: null", () => _ = new PrizeLadder("p", null!, "EUR"), "PrizeLadder.Prizes must have at least one prize")
            .Add<ValidationFailedException>("PrizeLadder.Prizes: negative prize", () => _ = new PrizeLadder("p", [10m, -1m], "EUR"), "PrizeLadder.Prizes[1] must not be negative (value: -1)")
            .Add<ValidationFailedException>("PrizeLadder.Prizes: equal prizes", () => _ = new PrizeLadder("p", [5000m, 2500m, 2500m], "EUR"), "PrizeLadder.Prizes must strictly decrease: prize 3 (2500) is not below prize 2 (2500)")
            .Add<ValidationFailedException>("PrizeLadder.Prizes: increasing prizes", () => _ = new PrizeLadder("p", [100m, 200m], "EUR"), "PrizeLadder.Prizes must strictly decrease: prize 2 (200) is not below prize 1 (100)")
            .Add<ValidationFailedException>("NonMonetaryRecognition.Aims ctor: extrinsic", () => _ = new NonMonetaryRecognition("n", "d", Motivation.Extrinsic), "NonMonetaryRecognition.Aims cannot be Extrinsic")
            .Add<ValidationFailedException>("NonMonetaryRecognition.Aims with: extrinsic", () => _ = Samples.NonMonetary() with { Aims = Motivation.Extrinsic }, "NonMonetaryRecognition.Aims cannot be Extrinsic");
    }
}

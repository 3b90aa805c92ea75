using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.DependencyInjection;

/// <summary>
/// <see cref="InputLimitsOptions"/> (<c>Crowdsourcing:Limits</c>): the defaults are the model's own limits, a host may
/// lower them through configuration, and a value above the model's limit or below the minimum is a start failure that
/// names the key, every failure listed.
/// </summary>
public sealed class InputLimitsOptionsTests
{
    [Fact]
    public void The_defaults_are_the_model_limits_so_nothing_changes_without_configuration()
    {
        using var provider = Build();

        var options = provider.GetRequiredService<IOptions<InputLimitsOptions>>().Value;

        Assert.Equal(
            [
                Limits.MaxIdLength, Limits.MaxNameLength, Limits.MaxTextLength, Limits.MaxAnswerLength, Limits.MaxSections,
                Limits.MaxQuestionsPerSection, Limits.MaxQuestions, Limits.MaxChoices, Limits.MaxListItems,
                Limits.MaxNamedParticipants, Limits.MaxNotificationSubjectLength, Limits.MaxNotificationBodyLength,
                Limits.MaxEmailLength, Limits.MaxPatternLength,
            ],
            [
                options.MaxIdLength, options.MaxNameLength, options.MaxTextLength, options.MaxAnswerLength, options.MaxSections,
                options.MaxQuestionsPerSection, options.MaxQuestions, options.MaxChoices, options.MaxListItems,
                options.MaxNamedParticipants, options.MaxNotificationSubjectLength, options.MaxNotificationBodyLength,
                options.MaxEmailLength, options.MaxPatternLength,
            ]);
        Assert.All(InputLimitsOptionsValidator.Ranges(options), range => Assert.Equal(range.Ceiling, range.Value));
    }

    [Fact]
    public void A_host_lowers_limits_through_the_Crowdsourcing_Limits_section()
    {
        using var provider = Build(("Crowdsourcing:Limits:MaxNameLength", "50"), ("Crowdsourcing:Limits:MaxAnswerLength", "1000"));

        var options = provider.GetRequiredService<IOptions<InputLimitsOptions>>().Value;

        Assert.Equal((50, 1000, Limits.MaxTextLength), (options.MaxNameLength, options.MaxAnswerLength, options.MaxTextLength));
    }

    [Fact]
    public void Validation_lists_every_limit_above_its_ceiling_or_below_its_minimum_by_key()
    {
        using var provider = Build(
            ("Crowdsourcing:Limits:MaxNameLength", "201"),
            ("Crowdsourcing:Limits:MaxAnswerLength", "0"),
            ("Crowdsourcing:Limits:MaxSections", "-1"),
            ("Crowdsourcing:Limits:MaxIdLength", "10"),
            ("Crowdsourcing:Limits:MaxNotificationBodyLength", "100000"));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InputLimitsOptions>>().Value);

        Assert.Equal(
            [
                "Crowdsourcing:Limits:MaxIdLength must be from 36 to 200, the model's own limit, which a host may lower but not raise (value: 10).",
                "Crowdsourcing:Limits:MaxNameLength must be from 20 to 200, the model's own limit, which a host may lower but not raise (value: 201).",
                "Crowdsourcing:Limits:MaxAnswerLength must be from 100 to 65,536, the model's own limit, which a host may lower but not raise (value: 0).",
                "Crowdsourcing:Limits:MaxSections must be from 1 to 100, the model's own limit, which a host may lower but not raise (value: -1).",
                "Crowdsourcing:Limits:MaxNotificationBodyLength must be from 2,000 to 16,000, the model's own limit, which a host may lower but not raise (value: 100,000).",
            ],
            ex.Failures);
    }

    [Fact]
    public async Task A_host_with_a_limit_out_of_range_does_not_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Crowdsourcing:Limits:MaxChoices", "1000")]);
        builder.Services.AddCrowdsourcing(b => b.UseInMemoryStore());
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Crowdsourcing:Limits:MaxChoices must be from 2 to 200", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());
        services.AddCrowdsourcing(b => b.UseInMemoryStore());
        return services.BuildServiceProvider();
    }
}

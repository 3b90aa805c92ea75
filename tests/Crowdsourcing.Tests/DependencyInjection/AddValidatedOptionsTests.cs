using Crowdsourcing.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Tests.DependencyInjection;

public sealed class AddValidatedOptionsTests
{
    [Fact]
    public void Binds_the_section_when_a_configuration_is_registered()
    {
        using var provider = Build(("Feature:Name", "alpha"), ("Feature:Size", "3"));

        var options = provider.GetRequiredService<IOptions<FeatureOptions>>().Value;

        Assert.Equal(("alpha", 3), (options.Name, options.Size));
    }

    [Fact]
    public void Lists_every_failure_of_the_validator()
    {
        using var provider = Build(("Feature:Name", ""), ("Feature:Size", "-1"));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FeatureOptions>>().Value);

        Assert.Equal(["Feature:Name must not be empty.", "Feature:Size must be positive (value: -1)."], ex.Failures);
    }

    [Fact]
    public void Registering_twice_binds_and_validates_once()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection([new("Feature:Size", "0")]).Build());
        var builder = services.AddCrowdsourcing();
        builder.AddValidatedOptions<FeatureOptions, FeatureValidator>("Feature").AddValidatedOptions<FeatureOptions, FeatureValidator>("Feature");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FeatureOptions>>().Value);

        Assert.Single(ex.Failures);
        Assert.Single(services, d => d.ServiceType == typeof(IConfigureOptions<FeatureOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<FeatureOptions>));
    }

    [Fact]
    public void Works_without_a_registered_configuration()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing().AddValidatedOptions<FeatureOptions, FeatureValidator>("Feature");
        using var provider = services.BuildServiceProvider();

        Assert.Equal(("default", 1), (provider.GetRequiredService<IOptions<FeatureOptions>>().Value.Name, provider.GetRequiredService<IOptions<FeatureOptions>>().Value.Size));
    }

    [Fact]
    public void An_empty_section_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCrowdsourcing().AddValidatedOptions<FeatureOptions, FeatureValidator>(" "));
    }

    private static ServiceProvider Build(params (string Key, string Value)[] values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());
        services.AddCrowdsourcing().AddValidatedOptions<FeatureOptions, FeatureValidator>("Feature");
        return services.BuildServiceProvider();
    }

    public sealed class FeatureOptions
    {
        public string Name { get; set; } = "default";

        public int Size { get; set; } = 1;
    }

    private sealed class FeatureValidator : IValidateOptions<FeatureOptions>
    {
        public ValidateOptionsResult Validate(string? name, FeatureOptions options)
        {
            var failures = new List<string>();
            if (string.IsNullOrEmpty(options.Name))
            {
                failures.Add("Feature:Name must not be empty.");
            }

            if (options.Size < 1)
            {
                failures.Add($"Feature:Size must be positive (value: {options.Size}).");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

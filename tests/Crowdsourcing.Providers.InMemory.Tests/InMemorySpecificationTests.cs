using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Specification.Tests;

namespace Crowdsourcing.Providers.InMemory.Tests;

/// <summary>The provider conformance suite, run against the in-memory provider.</summary>
public sealed class InMemorySpecificationTests : CrowdsourcingStoreSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Specification.Tests;

namespace Crowdsourcing.Providers.InMemory.Tests;

// The provider conformance suite, run against the in-memory provider: one small class per specification.

public sealed class InMemoryCampaignStoreTests : CampaignStoreSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryTaskStoreTests : TaskStoreSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryParticipantStoreTests : ParticipantStoreSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryQuestionnaireStoreTests : QuestionnaireStoreSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryAssignmentStoreTests : AssignmentStoreSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryResponseStoreTests : ResponseStoreSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryBeliefStoreTests : BeliefStoreSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryDecisionCycleStoreTests : DecisionCycleStoreSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryNotificationOutboxTests : NotificationOutboxSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryChangeSetTests : ChangeSetSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryConcurrencyTests : ConcurrencySpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

public sealed class InMemoryHostileInputTests : HostileInputSpecification
{
    protected override void ConfigureProvider(CrowdsourcingBuilder builder) => builder.UseInMemoryStore();
}

using Crowdsourcing.Serialization;
using Crowdsourcing.Access;
using Crowdsourcing.Crowd;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Validation;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.Campaigns;

/// <summary>The default <see cref="ICampaignService"/>.</summary>
internal sealed partial class CampaignService(
    ICrowdsourcingStore store,
    TimeProvider time,
    CrowdsourcingDiagnostics diagnostics,
    CrowdResolver crowdResolver,
    AccessPolicy access,
    Policies.ContactPolicyRegistry policies,
    DecisionModels.IDecisionModelRegistry models,
    IEnumerable<Notifications.INotificationChannel> channels,
    IEnumerable<ICustomQualityRuleEvaluator> customEvaluators,
    Options.InputLimits limits,
    ILogger<CampaignService> logger) : ICampaignService
{
    private readonly HashSet<string> _customKinds = new(customEvaluators.Select(e => e.Kind), StringComparer.Ordinal);

    public async ValueTask<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        limits.Check(campaign);
        var createdBy = access.RequireOrganiserRole("create campaigns", campaign.Id).Id;
        if (campaign.Version != 0)
        {
            throw new ArgumentException($"Campaign '{campaign.Id}' has version {campaign.Version}; a new campaign must have version 0.", nameof(campaign));
        }

        using var activity = diagnostics.StartOperation("Campaign.Create", campaign.Id);
        try
        {
            var problems = new List<string>();
            var task = await store.Tasks.FindAsync(campaign.TaskId, cancellationToken).ConfigureAwait(false);
            if (task is null)
            {
                problems.Add($"Campaign.TaskId: task '{campaign.TaskId}' does not exist.");
            }

            var questionnaire = await store.Questionnaires.FindAsync(campaign.QuestionnaireId, cancellationToken).ConfigureAwait(false);
            if (questionnaire is null)
            {
                problems.Add($"Campaign.QuestionnaireId: questionnaire '{campaign.QuestionnaireId}' does not exist.");
            }

            if (task is not null)
            {
                for (var i = 0; i < campaign.Crowd.Layers.Count; i++)
                {
                    var layer = campaign.Crowd.Layers[i];
                    if (!task.Allows(layer))
                    {
                        problems.Add($"Campaign.Crowd.Layers[{i}] is {layer}, but task '{task.Id}' ({task.Confidentiality}) allows only {string.Join(", ", task.AllowedLayers)}.");
                    }
                }
            }

            for (var i = 0; i < campaign.Crowd.ParticipantIds.Count; i++)
            {
                var id = campaign.Crowd.ParticipantIds[i];
                var participant = await store.Participants.FindAsync(id, cancellationToken).ConfigureAwait(false);
                if (participant is null)
                {
                    problems.Add($"Campaign.Crowd.ParticipantIds[{i}]: participant '{id}' does not exist.");
                }
                else if (task is not null && !task.Allows(participant.Layer))
                {
                    problems.Add($"Campaign.Crowd.ParticipantIds[{i}]: participant '{id}' is of layer {participant.Layer}, which task '{task.Id}' ({task.Confidentiality}) does not allow.");
                }
            }

            if (questionnaire is not null)
            {
                for (var i = 0; i < campaign.QualityRules.Count; i++)
                {
                    CheckRule(campaign.QualityRules[i], $"Campaign.QualityRules[{i}]", questionnaire, problems);
                }

                for (var l = 0; l < campaign.Readiness.Levels.Count; l++)
                {
                    var level = campaign.Readiness.Levels[l];
                    for (var c = 0; c < level.Criteria.Count; c++)
                    {
                        CheckRule(level.Criteria[c], $"Campaign.Readiness.Levels[{l}] '{level.Name}'.Criteria[{c}]", questionnaire, problems);
                    }
                }
            }

            if (problems.Count > 0)
            {
                LogRefused(logger, campaign.Id, problems.Count);
                throw new CampaignDefinitionException(campaign.Id, problems);
            }

            // A retry (by anyone) of the same definition returns the stored campaign; the organisers the retry would add are not a difference.
            var existing = await store.Campaigns.FindAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
            if (existing is not null && SameDefinition(existing, campaign))
            {
                return existing;
            }

            var now = time.GetUtcNow();
            var organisers = campaign.IsOrganiser(createdBy) ? campaign.OrganiserIds : [.. campaign.OrganiserIds, createdBy];
            var outcome = await store.Campaigns.InsertAsync(campaign with { OrganiserIds = organisers, ModifiedBy = createdBy, ModifiedAt = now }, cancellationToken).ConfigureAwait(false);
            if (outcome.Inserted)
            {
                LogCreated(logger, campaign.Id, campaign.TaskId, campaign.QuestionnaireId, createdBy);
                diagnostics.CountChange(nameof(Campaign), "create");
            }

            return outcome.Record;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<Campaign> UpdateDecisionSettingsAsync(string campaignId, CampaignDecisionSettings settings, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        ArgumentNullException.ThrowIfNull(settings);
        limits.Check(settings);
        using var activity = diagnostics.StartOperation("Campaign.UpdateDecisionSettings", campaignId);
        try
        {
            var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
            var actor = access.RequireOrganiserOf(campaign, $"change the decision settings of campaign '{campaign.Id}'");
            if (campaign.Version != expectedVersion)
            {
                throw new ConcurrencyConflictException(nameof(Campaign), campaign.Id, expectedVersion, campaign.Version, campaign.ModifiedBy, campaign.ModifiedAt);
            }

            var errors = CheckDecisionSettings(campaign, settings);
            if (errors.Count > 0)
            {
                throw new ValidationFailedException($"The decision settings of campaign '{campaign.Id}' are not valid: {string.Join(" ", errors.Select(e => e.Message))}", errors);
            }

            var updated = await store.Campaigns.UpdateAsync(campaign with { Decision = settings, ModifiedBy = actor.Id, ModifiedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            diagnostics.CountChange(nameof(Campaign), "decision-settings");
            return updated;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    /// <summary>What is wrong with <paramref name="settings"/> for <paramref name="campaign"/>: an unregistered policy, a planning policy without a workshop week, interventions the model does not have or channels that are not registered, a contacts budget that is not whole.</summary>
    private List<ValidationError> CheckDecisionSettings(Campaign campaign, CampaignDecisionSettings settings)
    {
        var errors = new List<ValidationError>();
        if (settings.Policy is { } policy && !policies.Names.Contains(policy, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new ValidationError("decision.policy", $"No contact policy is registered as '{policy}'; registered policies: {string.Join(", ", policies.Names)}."));
        }

        if (settings.Policy is { } planning && (string.Equals(planning, "planned", StringComparison.OrdinalIgnoreCase) || string.Equals(planning, "least-spend", StringComparison.OrdinalIgnoreCase))
            && settings.ResolveWorkshopWeek(campaign.StartsAt, campaign.CycleLength) is null)
        {
            errors.Add(new ValidationError("decision.workshopWeek", $"The '{planning}' policy plans toward the workshop: give a workshop week or date."));
        }

        if (settings.Budget is { } budget && settings.BudgetKind == "count" && (budget != Math.Floor(budget) || budget > int.MaxValue))
        {
            errors.Add(new ValidationError("decision.budget", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"A budget of contacts per cycle must be a whole number; got {budget}.")));
        }

        if (!SameVersions(campaign.Decision.ModelVersions, settings.ModelVersions))
        {
            errors.Add(new ValidationError("decision.modelVersions", "The adopted model versions cannot be edited: a version is added by adopting a model learned from the campaign's history (campaign learn --adopt); send them back as they were read."));
        }

        if (settings.ModelVersion != 1 && settings.ModelVersions.All(v => v.Version != settings.ModelVersion))
        {
            errors.Add(new ValidationError("decision.modelVersion", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Model version {settings.ModelVersion} is not one of the campaign's: 1 (the registered model){string.Concat(settings.ModelVersions.Select(v => $", {v.Version}"))}.")));
        }

        var registered = channels.Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < settings.Interventions.Count; i++)
        {
            if (settings.Interventions[i].Channel is { } channel && !registered.Contains(channel, StringComparer.Ordinal))
            {
                errors.Add(new ValidationError($"decision.interventions[{i}].channel", $"No notification channel is named '{channel}'; registered channels: {(registered.Count == 0 ? "none" : string.Join(", ", registered))}."));
            }
        }

        if (models.TryGetModel(campaign.DecisionModel, out var model))
        {
            for (var i = 0; i < settings.Interventions.Count; i++)
            {
                if (model.Model.IndexOfIntervention(settings.Interventions[i].Name) < 0)
                {
                    errors.Add(new ValidationError($"decision.interventions[{i}].name", $"Decision model '{model.Name}' has no intervention '{settings.Interventions[i].Name}'; its interventions: {string.Join(", ", model.Model.Interventions.Select(k => k.Name))}."));
                }
            }
        }

        return errors;
    }

    /// <summary>Whether two lists of adopted model versions are the same, entry by entry.</summary>
    private static bool SameVersions(IReadOnlyList<CampaignModelVersion> stored, IReadOnlyList<CampaignModelVersion> given)
    {
        static bool SameMatrix(IReadOnlyList<IReadOnlyList<double>> a, IReadOnlyList<IReadOnlyList<double>> b) =>
            a.Count == b.Count && a.Zip(b).All(r => r.First.SequenceEqual(r.Second));

        return stored.Count == given.Count && stored.Zip(given).All(p =>
            p.First.Version == p.Second.Version && p.First.AdoptedBy == p.Second.AdoptedBy && p.First.AdoptedAt == p.Second.AdoptedAt
            && p.First.FromCycle == p.Second.FromCycle && p.First.ToCycle == p.Second.ToCycle && p.First.LearnedFromVersion == p.Second.LearnedFromVersion
            && SameMatrix(p.First.Transition, p.Second.Transition)
            && p.First.Interventions.Count == p.Second.Interventions.Count
            && p.First.Interventions.Zip(p.Second.Interventions).All(k => k.First.Name == k.Second.Name && SameMatrix(k.First.Transition, k.Second.Transition) && k.First.ResponseRates.SequenceEqual(k.Second.ResponseRates)));
    }

    public async ValueTask<Campaign> GetAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Campaign.Get", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"view campaign '{campaign.Id}'");
        return campaign;
    }

    public async IAsyncEnumerable<Campaign> ListAsync(PageRequest page = default, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var actor = access.RequireActor("list campaigns");
        await foreach (var campaign in store.Campaigns.ListAsync(page, cancellationToken).ConfigureAwait(false))
        {
            if (AccessPolicy.Organises(actor, campaign))
            {
                yield return campaign;
            }
        }
    }

    public async IAsyncEnumerable<Participant> ListCrowdAsync(string campaignId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Campaign.ListCrowd", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"see the crowd of campaign '{campaign.Id}'");
        var (_, crowd) = await crowdResolver.ResolveAsync(campaign, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("crowdsourcing.crowd_size", crowd.Count);
        foreach (var participant in crowd)
        {
            yield return participant;
        }
    }

    /// <summary>Whether two campaigns have the same definition, whoever organises them and whatever their versions.</summary>
    private static bool SameDefinition(Campaign stored, Campaign candidate)
    {
        static string Definition(Campaign c) => CrowdsourcingJson.Serialize(c with { OrganiserIds = [], Version = 0, ModifiedBy = null, ModifiedAt = null });
        return string.Equals(Definition(stored), Definition(candidate), StringComparison.Ordinal)
            && candidate.OrganiserIds.All(stored.IsOrganiser);
    }

    private void CheckRule(QualityRule rule, string where, Questionnaire questionnaire, List<string> problems)
    {
        switch (rule)
        {
            case RequiredQuestionsRule required:
                foreach (var id in required.QuestionIds.Where(id => questionnaire.FindQuestion(id) is null))
                {
                    problems.Add($"{where} '{rule.Id}' requires question '{id}', which questionnaire '{questionnaire.Id}' does not have.");
                }

                break;
            case MinimumCompletedSectionsRule sections when !HasGroup(questionnaire, sections.SectionGroup):
                problems.Add($"{where} '{rule.Id}' counts sections of group '{sections.SectionGroup}', which questionnaire '{questionnaire.Id}' does not have.");
                break;
            case MinimumAnsweredQuestionsRule answered when !HasGroup(questionnaire, answered.SectionGroup):
                problems.Add($"{where} '{rule.Id}' counts answers in group '{answered.SectionGroup}', which questionnaire '{questionnaire.Id}' does not have.");
                break;
            case CustomQualityRule custom when !_customKinds.Contains(custom.Kind):
                problems.Add($"{where} '{rule.Id}' is of the custom kind '{custom.Kind}', but no ICustomQualityRuleEvaluator for that kind is registered.");
                break;
        }
    }

    private static bool HasGroup(Questionnaire questionnaire, string group) =>
        questionnaire.Sections.Any(s => string.Equals(s.Group, group, StringComparison.Ordinal));

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Created campaign {CampaignId} for task {TaskId} with questionnaire {QuestionnaireId}, by {CreatedBy}.")]
    private static partial void LogCreated(ILogger logger, string campaignId, string taskId, string questionnaireId, string createdBy);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused to create campaign {CampaignId}: {ProblemCount} problems.")]
    private static partial void LogRefused(ILogger logger, string campaignId, int problemCount);
}

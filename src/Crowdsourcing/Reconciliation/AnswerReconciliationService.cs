using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crowdsourcing.Access;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.TruthInference;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Reconciliation;

/// <summary>The default <see cref="IAnswerReconciliationService"/>.</summary>
internal sealed partial class AnswerReconciliationService(
    ICrowdsourcingStore store,
    TimeProvider time,
    CrowdsourcingDiagnostics diagnostics,
    AccessPolicy access,
    AssignmentService assignments,
    ICampaignService campaigns,
    IOptions<AnswerReconciliationOptions> options,
    ILogger<AnswerReconciliationService> logger) : IAnswerReconciliationService
{
    public async ValueTask<RequestReconciliation> GetAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Reconciliation.Get", assignmentId);
        var assignment = await store.Assignments.GetRequiredAsync(assignmentId, cancellationToken).ConfigureAwait(false);
        var campaign = await store.Campaigns.GetRequiredAsync(assignment.CampaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"see how the answers to knowledge request '{assignment.Id}' are reconciled");
        var data = await LoadAsync(campaign, cancellationToken).ConfigureAwait(false);
        var questions = new List<ReconciledAnswer>();
        foreach (var question in data.Questions)
        {
            var result = Infer(data, question);
            questions.Add(Reconciled(data, question, assignment.Subject.Id, result));
        }

        return new RequestReconciliation(assignment.Id, campaign.Id, assignment.Subject, EnumNames.Of(data.Method), questions);
    }

    public async ValueTask<CampaignReconciliation> ReconcileAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Reconciliation.Reconcile", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var actor = access.RequireOrganiserOf(campaign, $"reconcile the answers of campaign '{campaign.Id}'");
        var data = await LoadAsync(campaign, cancellationToken).ConfigureAwait(false);
        var method = EnumNames.Of(data.Method);
        var now = time.GetUtcNow();
        var answers = new List<ReconciledAnswer>();
        var reliabilities = new List<ExpertReliability>();
        foreach (var question in data.Questions)
        {
            var result = Infer(data, question);
            if (result is null)
            {
                continue;
            }

            foreach (var subject in result.Items.Select(i => i.Task).Order(CodePointComparer.Instance))
            {
                answers.Add(Reconciled(data, question, subject, result));
            }

            foreach (var worker in result.Workers)
            {
                reliabilities.Add(new ExpertReliability(
                    campaign.Id,
                    question.Id,
                    worker.Worker,
                    ReliabilitySource.Learned,
                    EnumNames.Of(data.Method),
                    [.. result.Labels],
                    (worker.Confusion?.Estimate ?? TruthInferenceResult.Symmetric(result.Labels.Count, worker.Skill)).AsSpan().ToArray(),
                    Clamp(worker.Skill),
                    Clamp(worker.SkillLower),
                    Clamp(worker.SkillUpper),
                    worker.Answers,
                    actor.Id,
                    now));
            }
        }

        await store.Reconciliation.ReplaceReliabilitiesAsync(campaign.Id, ReliabilitySource.Learned, reliabilities, cancellationToken).ConfigureAwait(false);
        diagnostics.CountChange(nameof(ExpertReliability), "replace", reliabilities.Count);
        LogReconciled(logger, campaign.Id, method, answers.Count, reliabilities.Count, actor.Id);
        var stored = await ToListAsync(store.Reconciliation.ListReliabilitiesAsync(campaign.Id, ReliabilitySource.Learned, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new CampaignReconciliation(campaign.Id, method, answers, stored);
    }

    public async ValueTask<GoldAnswer> MarkGoldAsync(string campaignId, string subjectId, string questionId, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(questionId);
        ArgumentNullException.ThrowIfNull(value);
        using var activity = diagnostics.StartOperation("Reconciliation.MarkGold", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var actor = access.RequireOrganiserOf(campaign, $"mark gold answers in campaign '{campaign.Id}'");
        var questionnaire = await store.Questionnaires.GetRequiredAsync(campaign.QuestionnaireId, cancellationToken).ConfigureAwait(false);
        var question = ChoiceQuestion(questionnaire, questionId);
        if (!question.Constraints.Choices.Contains(value, StringComparer.Ordinal))
        {
            throw new ValidationFailedException("value", $"'{value}' is not a choice of question '{question.Id}'; its choices are {string.Join(", ", question.Constraints.Choices.Select(c => $"'{c}'"))}.");
        }

        _ = await FindSubjectAsync(campaign.Id, subjectId, cancellationToken).ConfigureAwait(false);
        var gold = await store.Reconciliation.SetGoldAsync(new GoldAnswer(campaign.Id, subjectId, question.Id, value, actor.Id, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        diagnostics.CountChange(nameof(GoldAnswer), "mark");
        LogGoldMarked(logger, campaign.Id, subjectId, question.Id, actor.Id);
        return gold;
    }

    public async ValueTask<bool> ClearGoldAsync(string campaignId, string subjectId, string questionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(questionId);
        using var activity = diagnostics.StartOperation("Reconciliation.ClearGold", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"clear gold answers in campaign '{campaign.Id}'");
        var removed = await store.Reconciliation.RemoveGoldAsync(campaign.Id, subjectId, questionId, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            diagnostics.CountChange(nameof(GoldAnswer), "clear");
        }

        return removed;
    }

    public async IAsyncEnumerable<GoldAnswer> ListGoldAsync(string campaignId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"list the gold answers of campaign '{campaign.Id}'");
        await foreach (var gold in store.Reconciliation.ListGoldAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
        {
            yield return gold;
        }
    }

    public async IAsyncEnumerable<ExpertReliability> ListReliabilitiesAsync(string campaignId, ReliabilitySource source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"see the expert reliabilities of campaign '{campaign.Id}'");
        await foreach (var reliability in store.Reconciliation.ListReliabilitiesAsync(campaign.Id, source, cancellationToken).ConfigureAwait(false))
        {
            yield return reliability;
        }
    }

    public async ValueTask<int> SeedAsync(string campaignId, string fromCampaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fromCampaignId);
        using var activity = diagnostics.StartOperation("Reconciliation.Seed", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var actor = access.RequireOrganiserOf(campaign, $"seed the expert reliabilities of campaign '{campaign.Id}'");
        if (string.Equals(campaign.Id, fromCampaignId, StringComparison.Ordinal))
        {
            throw new ValidationFailedException("fromCampaignId", $"Campaign '{campaign.Id}' cannot be seeded from itself; name an earlier campaign.");
        }

        var from = await store.Campaigns.GetRequiredAsync(fromCampaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(from, $"read the expert reliabilities of campaign '{from.Id}'");
        var questionnaire = await store.Questionnaires.GetRequiredAsync(campaign.QuestionnaireId, cancellationToken).ConfigureAwait(false);
        var questions = questionnaire.AllQuestions().Where(q => q.Question.AnswerType == AnswerType.SingleChoice).Select(q => q.Question.Id).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var seeds = new List<ExpertReliability>();
        await foreach (var learned in store.Reconciliation.ListReliabilitiesAsync(from.Id, ReliabilitySource.Learned, cancellationToken).ConfigureAwait(false))
        {
            if (questions.Contains(learned.QuestionId))
            {
                seeds.Add(learned with { CampaignId = campaign.Id, Source = ReliabilitySource.Seed, SeededFrom = from.Id, UpdatedBy = actor.Id, UpdatedAt = now });
            }
        }

        await store.Reconciliation.ReplaceReliabilitiesAsync(campaign.Id, ReliabilitySource.Seed, seeds, cancellationToken).ConfigureAwait(false);
        diagnostics.CountChange(nameof(ExpertReliability), "seed", seeds.Count);
        LogSeeded(logger, campaign.Id, from.Id, seeds.Count, actor.Id);
        return seeds.Count;
    }

    public async ValueTask<AnotherAnswerDecision> ConsiderAnotherAnswerAsync(string campaignId, string subjectId, string questionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(questionId);
        using var activity = diagnostics.StartOperation("Reconciliation.ConsiderAnotherAnswer", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var actor = access.RequireOrganiserOf(campaign, $"ask experts of campaign '{campaign.Id}' for more answers");
        var settings = options.Value;
        var data = await LoadAsync(campaign, cancellationToken).ConfigureAwait(false);
        var question = ChoiceQuestion(data.Questionnaire, questionId);
        var about = data.Assignments.Where(a => string.Equals(a.Subject.Id, subjectId, StringComparison.Ordinal)).ToList();
        if (about.Count == 0)
        {
            throw new NotFoundException("Subject", subjectId, $"Campaign '{campaign.Id}' has no knowledge request about subject '{subjectId}'.");
        }

        var labels = question.Constraints.Choices;
        var result = Infer(data, question);
        var item = result?.Items.FirstOrDefault(i => string.Equals(i.Task, subjectId, StringComparison.Ordinal));
        var posterior = item?.Posterior ?? result?.ClassPriors ?? [.. labels.Select(_ => 1.0 / labels.Count)];
        var asked = about.SelectMany(a => a.Contributors()).Concat(data.AnswersTo(question.Id).Where(a => string.Equals(a.Subject, subjectId, StringComparison.Ordinal)).Select(a => a.Worker))
            .ToHashSet(StringComparer.Ordinal);
        var utility = LabelUtility.RightOrWrong(settings.RightAnswerUtility, settings.WrongAnswerUtility);
        var now = time.GetUtcNow();

        // The best expert not yet asked: the one whose answer is worth most (ties: the first in id order).
        (Crowd.Participant Expert, NextAnswerAssessment Assessment, string Basis)? best = null;
        await foreach (var participant in campaigns.ListCrowdAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
        {
            if (!participant.IsActive || asked.Contains(participant.Id))
            {
                continue;
            }

            var (confusion, basis) = AnswerModel(data, question, result, participant.Id, settings.NewcomerAccuracy);
            var assessment = NextAnswerValue.Evaluate(labels, posterior, confusion, utility, settings.AnswerCost);
            if (best is null || assessment.Value > best.Value.Assessment.Value)
            {
                best = (participant, assessment, basis);
            }
        }

        var ci = CultureInfo.InvariantCulture;
        var now0 = item is null ? "nobody has answered yet" : string.Create(ci, $"now '{item.Label}' with confidence {item.Confidence:0.###} from {Answers(item.Answers)}{(item.IsGold ? " (gold)" : string.Empty)}");
        AnotherAnswerDecision decision;
        var id = DecisionId(now, subjectId, question.Id);
        if (asked.Count >= settings.MaxExpertsPerQuestion)
        {
            decision = new AnotherAnswerDecision(id, campaign.Id, subjectId, question.Id, false, best?.Assessment.Value ?? 0, settings.AnswerCost,
                string.Create(ci, $"Question '{question.Id}' about '{subjectId}': {now0}; {asked.Count} experts were asked already, the most allowed is {settings.MaxExpertsPerQuestion}: do not ask."), actor.Id, now)
            { ParticipantId = best?.Expert.Id };
        }
        else if (best is not { } chosen)
        {
            decision = new AnotherAnswerDecision(id, campaign.Id, subjectId, question.Id, false, 0, settings.AnswerCost,
                $"Question '{question.Id}' about '{subjectId}': {now0}; every active expert of the campaign's crowd was asked already: nobody left to ask.", actor.Id, now);
        }
        else
        {
            var a = chosen.Assessment;
            var reason = string.Create(ci, $"Question '{question.Id}' about '{subjectId}': {now0}; one more answer from '{chosen.Expert.Id}' ({chosen.Basis}) is worth {a.Value:0.####} (expected utility {a.CurrentExpectedUtility:0.####} now, {a.ExpectedUtilityWithAnswer:0.####} with it) against its cost {a.Cost:0.####}: {(a.Ask ? "ask" : "do not ask")}.");
            decision = new AnotherAnswerDecision(id, campaign.Id, subjectId, question.Id, a.Ask, a.Value, a.Cost, reason, actor.Id, now) { ParticipantId = chosen.Expert.Id };
            if (a.Ask)
            {
                // The new request and the decision that asked for it are one commit: both are written or neither.
                var subject = about[0].Subject;
                var request = new NewAssignment(AssignmentId(campaign.Id, subject.Id, chosen.Expert.Id), campaign.Id, subject, [chosen.Expert.Id]);
                decision = decision with { AssignmentId = request.Id };
                var asking = decision;
                await assignments.CreateAsync(request, changes => changes.RecordDecision(asking), cancellationToken).ConfigureAwait(false);
            }
        }

        if (!decision.Asked)
        {
            await store.Reconciliation.RecordDecisionAsync(decision, cancellationToken).ConfigureAwait(false);
        }

        diagnostics.CountChange(nameof(AnotherAnswerDecision), decision.Asked ? "ask" : "do-not-ask");
        LogDecided(logger, campaign.Id, subjectId, question.Id, decision.Asked, decision.Reason, actor.Id);
        return decision;
    }

    public async IAsyncEnumerable<AnotherAnswerDecision> ListDecisionsAsync(string campaignId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"see the decisions to ask more experts in campaign '{campaign.Id}'");
        await foreach (var decision in store.Reconciliation.ListDecisionsAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
        {
            yield return decision;
        }
    }

    /// <summary>The single-choice question <paramref name="questionId"/> of the questionnaire.</summary>
    private static Question ChoiceQuestion(Questionnaire questionnaire, string questionId) =>
        questionnaire.FindQuestion(questionId) is { AnswerType: AnswerType.SingleChoice } question
            ? question
            : throw new ValidationFailedException("questionId", $"Question '{questionId}' is not a single-choice question of questionnaire '{questionnaire.Id}'; answers are reconciled for single-choice questions only.");

    private async ValueTask<Assignment> FindSubjectAsync(string campaignId, string subjectId, CancellationToken cancellationToken)
    {
        await foreach (var assignment in store.Assignments.ListByCampaignAsync(campaignId, PageRequest.All, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(assignment.Subject.Id, subjectId, StringComparison.Ordinal))
            {
                return assignment;
            }
        }

        throw new NotFoundException("Subject", subjectId, $"Campaign '{campaignId}' has no knowledge request about subject '{subjectId}'.");
    }

    /// <summary>Everything the inference needs of a campaign, read once.</summary>
    private async ValueTask<CampaignAnswers> LoadAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var questionnaire = await store.Questionnaires.GetRequiredAsync(campaign.QuestionnaireId, cancellationToken).ConfigureAwait(false);
        var questions = questionnaire.AllQuestions().Select(q => q.Question).Where(q => q.AnswerType == AnswerType.SingleChoice && q.Constraints.Choices.Count > 0).ToList();
        var all = new List<Assignment>();
        var answers = new Dictionary<(string Question, string Subject, string Worker), SubmittedAnswer>();
        await foreach (var assignment in store.Assignments.ListByCampaignAsync(campaign.Id, PageRequest.All, cancellationToken).ConfigureAwait(false))
        {
            if (assignment.Status == AssignmentStatus.Cancelled)
            {
                continue;
            }

            all.Add(assignment);
            if (assignment.Status is not (AssignmentStatus.Submitted or AssignmentStatus.Accepted))
            {
                continue;
            }

            var response = await store.Responses.FindAsync(assignment.Id, cancellationToken).ConfigureAwait(false);
            foreach (var question in questions)
            {
                if (response?.Find(question.Id) is { } answer && question.Constraints.Choices.Contains(answer.Value, StringComparer.Ordinal))
                {
                    var key = (question.Id, assignment.Subject.Id, answer.AnsweredBy);
                    if (!answers.TryGetValue(key, out var earlier) || earlier.AnsweredAt <= answer.AnsweredAt)
                    {
                        answers[key] = new SubmittedAnswer(assignment.Subject.Id, answer.AnsweredBy, answer.Value, assignment.Id, answer.AnsweredAt);
                    }
                }
            }
        }

        var gold = await ToListAsync(store.Reconciliation.ListGoldAsync(campaign.Id, cancellationToken), cancellationToken).ConfigureAwait(false);
        var seeds = await ToListAsync(store.Reconciliation.ListReliabilitiesAsync(campaign.Id, ReliabilitySource.Seed, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new CampaignAnswers(settings.ParsedMethod, settings, questionnaire, questions, all, answers, gold, seeds);
    }

    /// <summary>Infers one question over every subject; <see langword="null"/> when nobody answered it yet.</summary>
    private static TruthInferenceResult? Infer(CampaignAnswers data, Question question)
    {
        var answers = data.AnswersTo(question.Id).Select(a => new CrowdAnswer(a.Subject, a.Worker, a.Value)).ToList();
        if (answers.Count == 0)
        {
            return null;
        }

        var labels = question.Constraints.Choices;
        var warm = data.Method is TruthInferenceMethod.DawidSkene or TruthInferenceMethod.OneCoin or TruthInferenceMethod.Glad
            ? WarmStart(data.Seeds.Where(s => string.Equals(s.QuestionId, question.Id, StringComparison.Ordinal) && labels.All(s.Labels.Contains)).ToList(), data.Settings.SeedStrength)
            : null;
        return TruthInferenceEngine.Infer(answers, new TruthInferenceOptions
        {
            Method = data.Method,
            Labels = [.. labels],
            Gold = [.. data.Gold.Where(g => string.Equals(g.QuestionId, question.Id, StringComparison.Ordinal)).Select(g => new GoldLabel(g.SubjectId, g.Value))],
            WarmStart = warm,
            PriorCount = data.Settings.PriorCount,
        });
    }

    /// <summary>The seeds of one question as a warm start: those that share the first seed's choices (in its order).</summary>
    private static TruthInferenceWarmStart? WarmStart(List<ExpertReliability> seeds, double strength)
    {
        if (seeds.Count == 0)
        {
            return null;
        }

        var labels = seeds[0].Labels;
        var confusion = new Dictionary<string, DecisionMatrix>(StringComparer.Ordinal);
        foreach (var seed in seeds.Where(s => s.Labels.SequenceEqual(labels, StringComparer.Ordinal)))
        {
            confusion[seed.ParticipantId] = Matrix(seed.Confusion, labels.Count);
        }

        return new TruthInferenceWarmStart([.. labels], confusion) { Strength = strength };
    }

    /// <summary>How an expert would answer the question: learned in this campaign, else seeded, else a newcomer's accuracy.</summary>
    private static (DecisionMatrix Confusion, string Basis) AnswerModel(CampaignAnswers data, Question question, TruthInferenceResult? result, string expert, double newcomerAccuracy)
    {
        var labels = question.Constraints.Choices;
        var ci = CultureInfo.InvariantCulture;
        if (result?.Workers.FirstOrDefault(w => string.Equals(w.Worker, expert, StringComparison.Ordinal)) is { } learned)
        {
            return (learned.Confusion?.Estimate ?? TruthInferenceResult.Symmetric(labels.Count, Clamp(learned.Skill)), string.Create(ci, $"accuracy {learned.Skill:0.###} learned from {Answers(learned.Answers)}"));
        }

        if (data.Seeds.FirstOrDefault(s => string.Equals(s.QuestionId, question.Id, StringComparison.Ordinal) && string.Equals(s.ParticipantId, expert, StringComparison.Ordinal)) is { } seed)
        {
            var confusion = seed.Labels.SequenceEqual(labels, StringComparer.Ordinal) ? Matrix(seed.Confusion, labels.Count) : TruthInferenceResult.Symmetric(labels.Count, seed.Skill);
            return (confusion, string.Create(ci, $"accuracy {seed.Skill:0.###} seeded from campaign '{seed.SeededFrom}'"));
        }

        return (TruthInferenceResult.Symmetric(labels.Count, newcomerAccuracy), string.Create(ci, $"no record yet, accuracy {newcomerAccuracy:0.###} assumed"));
    }

    private static ReconciledAnswer Reconciled(CampaignAnswers data, Question question, string subjectId, TruthInferenceResult? result)
    {
        var labels = question.Constraints.Choices;
        var gold = data.Gold.FirstOrDefault(g => string.Equals(g.QuestionId, question.Id, StringComparison.Ordinal) && string.Equals(g.SubjectId, subjectId, StringComparison.Ordinal))?.Value;
        var answers = data.AnswersTo(question.Id)
            .Where(a => string.Equals(a.Subject, subjectId, StringComparison.Ordinal))
            .OrderBy(a => a.Worker, CodePointComparer.Instance)
            .Select(a => new ExpertAnswer(a.Worker, a.AssignmentId, a.Value, result is null ? 0 : Clamp(result.GetWorker(a.Worker).Skill)))
            .ToList();
        var item = result?.Items.FirstOrDefault(i => string.Equals(i.Task, subjectId, StringComparison.Ordinal));
        return item is null
            ? new ReconciledAnswer(subjectId, question.Id, gold, gold is null ? 0 : 1, [.. labels], [], gold, answers)
            : new ReconciledAnswer(subjectId, question.Id, item.Label, item.Confidence, [.. result!.Labels], [.. item.Posterior], gold, answers);
    }

    private static DecisionMatrix Matrix(IReadOnlyList<double> values, int k)
    {
        var rows = new double[k][];
        for (var r = 0; r < k; r++)
        {
            rows[r] = [.. values.Skip(r * k).Take(k)];
        }

        return DecisionMatrix.FromRows(rows);
    }

    private static double Clamp(double p) => Math.Clamp(p, 0, 1);

    private static string Answers(int count) => count == 1 ? "1 answer" : string.Create(CultureInfo.InvariantCulture, $"{count} answers");

    /// <summary>A decision's id: its time (so ids list oldest first) and a short hash of the subject and question.</summary>
    private static string DecisionId(DateTimeOffset at, string subjectId, string questionId) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks:D19}-{Hash(subjectId + "\n" + questionId)}");

    /// <summary>The id of the knowledge request created for one more expert: the same for the same (campaign, subject,
    /// expert), so a retry finds the request instead of creating a second one.</summary>
    private static string AssignmentId(string campaignId, string subjectId, string expertId) =>
        $"{Shorten(subjectId)}-{Shorten(expertId)}-{Hash(campaignId + "\n" + subjectId + "\n" + expertId)}";

    private static string Shorten(string id) => id.Length <= 80 ? id : id[..80];

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private static async ValueTask<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    [LoggerMessage(EventId = 1710, Level = LogLevel.Information, Message = "Reconciled campaign {CampaignId} by {Method}: {Items} answers inferred, {Reliabilities} expert reliabilities stored, by {ActorId}.")]
    private static partial void LogReconciled(ILogger logger, string campaignId, string method, int items, int reliabilities, string actorId);

    [LoggerMessage(EventId = 1711, Level = LogLevel.Information, Message = "Gold answer marked in campaign {CampaignId} for subject {SubjectId}, question {QuestionId}, by {ActorId}.")]
    private static partial void LogGoldMarked(ILogger logger, string campaignId, string subjectId, string questionId, string actorId);

    [LoggerMessage(EventId = 1712, Level = LogLevel.Information, Message = "Campaign {CampaignId} seeded with {Count} expert reliabilities from campaign {FromCampaignId}, by {ActorId}.")]
    private static partial void LogSeeded(ILogger logger, string campaignId, string fromCampaignId, int count, string actorId);

    [LoggerMessage(EventId = 1713, Level = LogLevel.Information, Message = "Another answer in campaign {CampaignId} for subject {SubjectId}, question {QuestionId}: asked {Asked}. {Reason} (by {ActorId})")]
    private static partial void LogDecided(ILogger logger, string campaignId, string subjectId, string questionId, bool asked, string reason, string actorId);

    /// <summary>One submitted answer.</summary>
    private sealed record SubmittedAnswer(string Subject, string Worker, string Value, string AssignmentId, DateTimeOffset AnsweredAt);

    /// <summary>A campaign's questionnaire, requests, answers, gold answers and seeds.</summary>
    private sealed record CampaignAnswers(
        TruthInferenceMethod Method,
        AnswerReconciliationOptions Settings,
        Questionnaire Questionnaire,
        IReadOnlyList<Question> Questions,
        IReadOnlyList<Assignment> Assignments,
        Dictionary<(string Question, string Subject, string Worker), SubmittedAnswer> Answers,
        IReadOnlyList<GoldAnswer> Gold,
        IReadOnlyList<ExpertReliability> Seeds)
    {
        /// <summary>The answers to one question, in a stable order (subject, then expert, code point).</summary>
        public IEnumerable<SubmittedAnswer> AnswersTo(string questionId) =>
            Answers.Where(p => string.Equals(p.Key.Question, questionId, StringComparison.Ordinal)).Select(p => p.Value)
                .OrderBy(a => a.Subject, CodePointComparer.Instance).ThenBy(a => a.Worker, CodePointComparer.Instance);
    }
}

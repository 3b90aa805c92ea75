using Crowdsourcing.Access;

namespace Crowdsourcing.Reconciliation;

/// <summary>
/// Answer reconciliation: several experts answer the same single-choice questions about a subject (each in their own
/// knowledge request of the campaign); truth inference (<see cref="AnswerReconciliationOptions.Method"/>: majority,
/// Wawa, Dawid-Skene, one-coin or GLAD, the decision engine's implementations) infers each question's answer with its
/// confidence and learns how reliable each expert is; organisers mark gold answers an analyst checked, which the
/// inference keeps fixed and learns from; an earlier campaign's reliabilities can seed a later one; and one more expert
/// is asked only when the expected value of their answer exceeds its cost. Registered by <c>AddCrowdsourcing()</c>.
/// </summary>
/// <remarks>
/// <para>Who acts is the authenticated actor (<see cref="IActorAccessor"/>): every operation is for the organisers of
/// the campaign and administrators (the answers of other experts and their reliability are not shown to experts).
/// Every refusal (<see cref="AccessDeniedException"/>) is logged and changes nothing.</para>
/// <para>The answers reconciled are those of submitted and accepted knowledge requests, to single-choice questions,
/// with a value among the question's choices; an expert who answered the same subject in two requests counts once
/// (their latest answer). Items are subjects; each question is inferred on its own, over every subject of the campaign,
/// so an expert's reliability is learned per question.</para>
/// </remarks>
public interface IAnswerReconciliationService
{
    /// <summary>A knowledge request's single-choice questions, each reconciled over every expert's answers about its
    /// subject: the inferred answer, its confidence and who answered what. Reads only.</summary>
    /// <exception cref="NotFoundException">The request, its campaign or questionnaire does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    ValueTask<RequestReconciliation> GetAsync(string assignmentId, CancellationToken cancellationToken = default);

    /// <summary>Reconciles the whole campaign and stores each expert's learned reliability per question (replacing the
    /// ones stored before; <see cref="ReliabilitySource.Learned"/>), stamped with the actor.</summary>
    /// <exception cref="NotFoundException">The campaign or its questionnaire does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    ValueTask<CampaignReconciliation> ReconcileAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Marks the analyst-checked answer of a single-choice question about a subject (replacing an earlier mark).</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="subjectId">The subject (of a knowledge request of the campaign).</param>
    /// <param name="questionId">A single-choice question of the campaign's questionnaire.</param>
    /// <param name="value">The correct answer: one of the question's choices.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is written then.</param>
    /// <returns>The gold answer as stored, marked by the actor.</returns>
    /// <exception cref="NotFoundException">The campaign, its questionnaire or a knowledge request about the subject does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither an organiser of the campaign nor an administrator; nothing is written.</exception>
    /// <exception cref="ValidationFailedException">The question is not a single-choice question of the questionnaire, or the value is not one of its choices.</exception>
    ValueTask<GoldAnswer> MarkGoldAsync(string campaignId, string subjectId, string questionId, string value, CancellationToken cancellationToken = default);

    /// <summary>Removes a gold answer.</summary>
    /// <returns>Whether one was marked.</returns>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign; nothing is removed.</exception>
    ValueTask<bool> ClearGoldAsync(string campaignId, string subjectId, string questionId, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's gold answers ordered by subject, then question.</summary>
    /// <exception cref="NotFoundException">The campaign does not exist (thrown when enumeration starts).</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    IAsyncEnumerable<GoldAnswer> ListGoldAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's expert reliabilities of one source ordered by question, then expert.</summary>
    /// <exception cref="NotFoundException">The campaign does not exist (thrown when enumeration starts).</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    IAsyncEnumerable<ExpertReliability> ListReliabilitiesAsync(string campaignId, ReliabilitySource source, CancellationToken cancellationToken = default);

    /// <summary>
    /// Seeds a campaign with the reliabilities learned in an earlier one (a warm start): every learned reliability of
    /// <paramref name="fromCampaignId"/> on a question the campaign's questionnaire also has is stored as the campaign's
    /// <see cref="ReliabilitySource.Seed"/> (replacing earlier seeds). The inference then starts from them, and they
    /// count as <see cref="AnswerReconciliationOptions.SeedStrength"/> answers per choice.
    /// </summary>
    /// <returns>How many reliabilities were seeded.</returns>
    /// <exception cref="NotFoundException">A campaign or the questionnaire does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise both campaigns; nothing is written.</exception>
    /// <exception cref="ValidationFailedException">The two campaigns are the same.</exception>
    ValueTask<int> SeedAsync(string campaignId, string fromCampaignId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decides whether one more expert should answer a single-choice question about a subject: for each expert of the
    /// campaign's crowd not yet asked about the subject, the expected value of their answer (exact over their possible
    /// answers, from their reliability: learned, else seeded, else <see cref="AnswerReconciliationOptions.NewcomerAccuracy"/>)
    /// given the question's current posterior and the utilities of a right and a wrong answer; the best expert is asked
    /// when that value exceeds <see cref="AnswerReconciliationOptions.AnswerCost"/> and fewer than
    /// <see cref="AnswerReconciliationOptions.MaxExpertsPerQuestion"/> experts were asked. Asking creates a knowledge
    /// request about the subject for that expert (notified as any new request); the decision, with its reason, is
    /// recorded either way.
    /// </summary>
    /// <returns>The recorded decision.</returns>
    /// <exception cref="NotFoundException">The campaign, its questionnaire or a knowledge request about the subject does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign; nothing is written.</exception>
    /// <exception cref="ValidationFailedException">The question is not a single-choice question of the questionnaire.</exception>
    ValueTask<AnotherAnswerDecision> ConsiderAnotherAnswerAsync(string campaignId, string subjectId, string questionId, CancellationToken cancellationToken = default);

    /// <summary>Lists a campaign's recorded decisions whether to ask one more expert, oldest first.</summary>
    /// <exception cref="NotFoundException">The campaign does not exist (thrown when enumeration starts).</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    IAsyncEnumerable<AnotherAnswerDecision> ListDecisionsAsync(string campaignId, CancellationToken cancellationToken = default);
}

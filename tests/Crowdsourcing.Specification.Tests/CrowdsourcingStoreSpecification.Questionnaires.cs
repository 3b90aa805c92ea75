using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

/// <summary>The conformance tests of <see cref="IQuestionnaireStore"/>.</summary>
public abstract class QuestionnaireStoreSpecification : RecordStoreSpecification<Questionnaire>
{
    /// <inheritdoc/>
    protected override IRecordStore<Questionnaire> RecordStore => Questionnaires;

    /// <inheritdoc/>
    protected override Questionnaire NewRecord(string id) => Questionnaire(id);

    /// <inheritdoc/>
    protected override Questionnaire Changed(Questionnaire record, string change) =>
        record with { Name = change, Sections = [.. record.Sections, new QuestionnaireSection("extra-" + record.Version, change, "workload", [new Question("extra-q-" + record.Version, change)])] };

    /// <inheritdoc/>
    protected override Questionnaire Stamped(Questionnaire record, long version, string? modifiedBy, DateTimeOffset? modifiedAt) =>
        record with { Version = version, ModifiedBy = modifiedBy, ModifiedAt = modifiedAt };

    /// <inheritdoc/>
    protected override bool MutateInPlace(Questionnaire record) =>
        Overwrite(record.Sections[0].Questions, new Question("mutated", "mutated")) | Overwrite(record.Sections, record.Sections[^1]);

    [Fact]
    public async Task Find_returns_sections_questions_and_constraints_unchanged()
    {
        var questionnaire = Questionnaire("q-1");
        await Questionnaires.InsertAsync(questionnaire);

        var found = await Questionnaires.FindAsync("q-1");

        Assert.NotNull(found);
        Assert.Equal(Json(questionnaire with { Version = 1 }), Json(found));
        Assert.Equal(["gold", "silver", "bronze"], found.FindQuestion("w1-tier")!.Constraints.Choices);
        Assert.False(found.FindQuestion("w1-tier")!.Mandatory);
    }
}

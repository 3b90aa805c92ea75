using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of IQuestionnaireStore.
public abstract partial class CrowdsourcingStoreSpecification
{
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

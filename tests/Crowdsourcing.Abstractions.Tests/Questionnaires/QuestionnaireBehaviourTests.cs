using Crowdsourcing.Abstractions.Tests.TestSupport;

namespace Crowdsourcing.Abstractions.Tests.Questionnaires;

public sealed class QuestionnaireBehaviourTests
{
    [Fact]
    public void AllQuestions_lists_every_question_with_its_section_in_order()
    {
        var all = Samples.Questionnaire().AllQuestions().Select(x => $"{x.Section.Id}/{x.Question.Id}").ToArray();
        Assert.Equal(
            [
                "workload-1/wl1-name", "workload-1/wl1-servers", "workload-1/wl1-utilisation", "workload-1/wl1-virtualised",
                "datacenter-1/dc1-lease-end", "datacenter-1/dc1-tier", "datacenter-1/dc1-certifications",
            ],
            all);
    }

    [Fact]
    public void FindQuestion_finds_questions_in_any_section()
    {
        var questionnaire = Samples.Questionnaire();
        Assert.Equal("Number of servers", questionnaire.FindQuestion("wl1-servers")?.Text);
        Assert.Equal("Tier", questionnaire.FindQuestion("dc1-tier")?.Text);
    }

    [Theory]
    [InlineData("WL1-SERVERS")]
    [InlineData("missing")]
    [InlineData("")]
    [InlineData("workload-1")]
    public void FindQuestion_returns_null_for_an_unknown_id(string id) => Assert.Null(Samples.Questionnaire().FindQuestion(id));

    [Fact]
    public void Response_Find_returns_the_answer_or_null()
    {
        var response = Samples.Response();
        Assert.Equal("42", response.Find("wl1-servers")?.Value);
        Assert.Null(response.Find("dc1-lease-end"));
        Assert.Null(response.Find("WL1-SERVERS"));
    }
}

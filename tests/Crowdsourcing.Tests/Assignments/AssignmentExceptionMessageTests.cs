using Crowdsourcing.Assignments;

namespace Crowdsourcing.Tests.Assignments;

public sealed class AssignmentExceptionMessageTests
{
    [Fact]
    public void The_answer_validation_message_lists_each_problem_and_ends_with_one_period()
    {
        var ex = new AnswerValidationException("a-1", [new AnswerProblem("q1", "questionnaire 'x' has no question 'q1'."), new AnswerProblem("q2", "the answer is too long")]);

        Assert.Equal("The answers to assignment 'a-1' were not saved: question 'q1': questionnaire 'x' has no question 'q1'; question 'q2': the answer is too long.", ex.Message);
        Assert.Equal(["q1", "q2"], ex.Problems.Select(p => p.QuestionId));
    }
}

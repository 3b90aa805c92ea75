using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Questionnaires;

namespace Crowdsourcing.Abstractions.Tests.Questionnaires;

public sealed class QuestionCheckTests
{
    private static readonly Question Text = new("name", "Name", AnswerType.Text, true, new AnswerConstraints { MinLength = 2, MaxLength = 5, Pattern = "[a-z]+" });

    private static readonly Question Number = new("ratio", "Ratio", AnswerType.Number, true, new AnswerConstraints { Minimum = -1.5, Maximum = 2.5 });

    private static readonly Question Whole = new("servers", "Servers", AnswerType.WholeNumber, true, new AnswerConstraints { Minimum = 1, Maximum = 100 });

    private static readonly Question Boolean = new("virtual", "Virtualised?", AnswerType.Boolean);

    private static readonly Question Date = new("lease", "Lease end", AnswerType.Date);

    private static readonly Question Single = new("tier", "Tier", AnswerType.SingleChoice, true, new AnswerConstraints { Choices = ["I", "II", "III"] });

    private static readonly Question Multiple = new("certs", "Certifications", AnswerType.MultipleChoice, true, new AnswerConstraints { Choices = ["iso", "soc", "pci"] });

    private static readonly Question Email = new("contact", "Contact", AnswerType.Email);

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("a.b+tag@mail.example.co.uk")]
    [InlineData("jörg@bücher.example")]
    [InlineData("x@a-b.io")]
    public void An_email_address_is_accepted(string value) => Assert.Null(Email.Check(value));

    [Theory]
    [InlineData("alice")]
    [InlineData("alice@")]
    [InlineData("@example.com")]
    [InlineData("alice@example")]
    [InlineData("alice@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("alice smith@example.com")]
    [InlineData("alice@exa mple.com")]
    [InlineData("alice@-example.com")]
    [InlineData("alice@example..com")]
    [InlineData("alice@example.com.")]
    [InlineData("<alice>@example.com")]
    public void A_value_that_is_not_an_email_address_is_refused(string value) =>
        Assert.Equal($"'{value}' is not an e-mail address (name@example.com)", Email.Check(value));

    [Fact]
    public void An_email_address_longer_than_the_limit_or_with_a_long_local_part_is_refused()
    {
        var longDomain = "a@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 5)) + ".com";
        Assert.True(longDomain.Length > Limits.MaxEmailLength);
        Assert.Equal($"is {longDomain.Length} characters long; an e-mail address has at most 254", Email.Check(longDomain));
        Assert.NotNull(Email.Check(new string('l', 65) + "@example.com"));
        Assert.Null(Email.Check(new string('l', 64) + "@example.com"));
    }

    [Fact]
    public void An_email_question_applies_its_pattern_too()
    {
        var company = new Question("work", "Work address", AnswerType.Email, true, new AnswerConstraints { Pattern = ".*@example\\.com" });
        Assert.Null(company.Check("alice@example.com"));
        Assert.Equal("does not match the pattern of question 'work'", company.Check("alice@other.org"));
    }

    [Fact]
    public void The_email_answer_type_has_one_spelling()
    {
        Assert.Equal("email", Crowdsourcing.Serialization.EnumNames.Of(AnswerType.Email));
        Assert.Equal(AnswerType.Email, Crowdsourcing.Serialization.EnumNames.Parse<AnswerType>("email", "$.answerType"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abcde")]
    [InlineData("xyz")]
    public void Text_within_length_and_pattern_is_accepted(string value) => Assert.Null(Text.Check(value));

    [Theory]
    [InlineData("a", "is 1 characters long; question 'name' needs at least 2")]
    [InlineData("abcdef", "is 6 characters long; question 'name' allows at most 5")]
    [InlineData("ab1", "does not match the pattern of question 'name'")]
    [InlineData("Abc", "does not match the pattern of question 'name'")]
    public void Text_outside_its_constraints_is_refused(string value, string problem) => Assert.Equal(problem, Text.Check(value));

    [Fact]
    public void Text_pattern_must_match_the_whole_value()
    {
        var question = new Question("code", "Code", AnswerType.Text, true, new AnswerConstraints { Pattern = "[0-9]{3}|x" });
        Assert.Null(question.Check("123"));
        Assert.Null(question.Check("x"));
        Assert.NotNull(question.Check("1234"));
        Assert.NotNull(question.Check("a123"));
        Assert.NotNull(question.Check("12x"));
    }

    [Fact]
    public void Text_without_constraints_accepts_anything()
    {
        var question = new Question("free", "Free text");
        Assert.Null(question.Check(string.Empty));
        Assert.Null(question.Check(new string('a', 10_000) + "\n\t"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.5")]
    [InlineData("2.5")]
    [InlineData("1.25")]
    [InlineData("+0.5")]
    [InlineData("1e-3")]
    public void Number_within_bounds_is_accepted(string value) => Assert.Null(Number.Check(value));

    [Theory]
    [InlineData("-1.6", "-1.6 is below the minimum -1.5 of question 'ratio'")]
    [InlineData("2.51", "2.51 is above the maximum 2.5 of question 'ratio'")]
    [InlineData("1e3", "1e3 is above the maximum 2.5 of question 'ratio'")]
    [InlineData("1,5", "'1,5' is not a number")]
    [InlineData("one", "'one' is not a number")]
    [InlineData("", "'' is not a number")]
    [InlineData("NaN", "'NaN' is not a number")]
    [InlineData("Infinity", "'Infinity' is not a number")]
    [InlineData("-Infinity", "'-Infinity' is not a number")]
    [InlineData("1e999", "'1e999' is not a number")]
    public void Number_that_is_malformed_or_out_of_bounds_is_refused(string value, string problem) => Assert.Equal(problem, Number.Check(value));

    [Theory]
    [InlineData("1")]
    [InlineData("100")]
    [InlineData("+42")]
    public void Whole_number_within_bounds_is_accepted(string value) => Assert.Null(Whole.Check(value));

    [Theory]
    [InlineData("0", "0 is below the minimum 1 of question 'servers'")]
    [InlineData("-3", "-3 is below the minimum 1 of question 'servers'")]
    [InlineData("101", "101 is above the maximum 100 of question 'servers'")]
    [InlineData("1.5", "'1.5' is not a whole number")]
    [InlineData("1e2", "'1e2' is not a whole number")]
    [InlineData("1,000", "'1,000' is not a whole number")]
    [InlineData("ten", "'ten' is not a whole number")]
    public void Whole_number_that_is_malformed_or_out_of_bounds_is_refused(string value, string problem) => Assert.Equal(problem, Whole.Check(value));

    [Fact]
    public void Numbers_without_bounds_accept_any_finite_value()
    {
        Assert.Null(new Question("n", "N", AnswerType.Number).Check("-1e300"));
        Assert.Null(new Question("w", "W", AnswerType.WholeNumber).Check("-9007199254740993"));
    }

    [Theory]
    [InlineData("true", null)]
    [InlineData("false", null)]
    [InlineData("True", "'True' is not true or false")]
    [InlineData("yes", "'yes' is not true or false")]
    [InlineData("1", "'1' is not true or false")]
    public void Boolean_accepts_only_true_and_false(string value, string? problem) => Assert.Equal(problem, Boolean.Check(value));

    [Theory]
    [InlineData("2026-03-02", null)]
    [InlineData("2024-02-29", null)]
    [InlineData("2025-02-29", "'2025-02-29' is not a date in the form yyyy-MM-dd")]
    [InlineData("2026-13-01", "'2026-13-01' is not a date in the form yyyy-MM-dd")]
    [InlineData("02/03/2026", "'02/03/2026' is not a date in the form yyyy-MM-dd")]
    [InlineData("2026-3-2", "'2026-3-2' is not a date in the form yyyy-MM-dd")]
    [InlineData("2026-03-02T00:00:00", "'2026-03-02T00:00:00' is not a date in the form yyyy-MM-dd")]
    public void Date_accepts_only_iso_calendar_dates(string value, string? problem) => Assert.Equal(problem, Date.Check(value));

    [Theory]
    [InlineData("I", null)]
    [InlineData("III", null)]
    [InlineData("IV", "'IV' is not one of the choices of question 'tier'")]
    [InlineData("i", "'i' is not one of the choices of question 'tier'")]
    [InlineData("I;II", "'I;II' is not one of the choices of question 'tier'")]
    public void Single_choice_accepts_exactly_one_choice(string value, string? problem) => Assert.Equal(problem, Single.Check(value));

    [Theory]
    [InlineData("iso", null)]
    [InlineData("iso;pci", null)]
    [InlineData("pci;soc;iso", null)]
    [InlineData("iso;gdpr", "'gdpr' is not one of the choices of question 'certs'")]
    [InlineData("ISO", "'ISO' is not one of the choices of question 'certs'")]
    [InlineData("iso; soc", "' soc' is not one of the choices of question 'certs'")]
    [InlineData("iso;", "'' is not one of the choices of question 'certs'")]
    public void Multiple_choice_accepts_choices_separated_by_semicolons(string value, string? problem) => Assert.Equal(problem, Multiple.Check(value));

    [Fact]
    public void Check_refuses_a_null_value()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => Text.Check(null!));
        Assert.Equal("value", exception.ParamName);
    }

    [Fact]
    public void Every_answer_type_of_the_sample_questionnaire_and_an_email_question_accepts_a_typical_answer()
    {
        string[] answers = ["ERP system", "42", "0.35", "true", "2027-01-31", "III", "iso-27001;soc-2", "it-desk@client.example"];
        var questions = Samples.Questionnaire().AllQuestions().Select(x => x.Question).Append(Email).ToArray();
        Assert.Equal(Enum.GetValues<AnswerType>(), questions.Select(q => q.AnswerType).Order());
        for (var i = 0; i < questions.Length; i++)
        {
            Assert.Null(questions[i].Check(answers[i]));
        }
    }
}

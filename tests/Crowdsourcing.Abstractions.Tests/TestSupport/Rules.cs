namespace Crowdsourcing.Abstractions.Tests.TestSupport;

/// <summary>
/// A named table of validation rules: each entry is an action that must throw exactly the given exception type with a
/// message that contains every fragment (the type and field, and the value). Test classes expose the names as theory
/// data so each rule shows up as its own test case.
/// </summary>
internal sealed class Rules
{
    private readonly Dictionary<string, Rule> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action> _accepted = new(StringComparer.Ordinal);

    public TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in _rules.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    public TheoryData<string> AcceptedNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in _accepted.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    public Rules Add<TException>(string name, Action act, params string[] fragments)
        where TException : Exception
    {
        _rules.Add(name, new Rule(typeof(TException), act, fragments, null));
        return this;
    }

    /// <summary>Like <see cref="Add{TException}"/>, and the exception's <see cref="ValidationFailedException.Path"/> must be <paramref name="paramName"/>.</summary>
    public Rules AddWithParam<TException>(string name, Action act, string paramName, params string[] fragments)
        where TException : ValidationFailedException
    {
        _rules.Add(name, new Rule(typeof(TException), act, fragments, paramName));
        return this;
    }

    /// <summary>The parameter name the model gives for a field as messages name it: the bare field name
    /// (<c>Participant.Qualifications[0]</c> is <c>Qualifications</c>).</summary>
    public static string BareField(string field)
    {
        var name = field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? name : name[..bracket];
    }

    /// <summary>A value that must be accepted (the counterpart of a rule, so the rule is not simply "always throws").</summary>
    public Rules Accept(string name, Action act)
    {
        _accepted.Add(name, act);
        return this;
    }

    /// <summary>
    /// The identifier rules (not empty or whitespace, at most 200 characters, no control characters) for one field,
    /// through the constructor and through a <c>with</c> expression.
    /// </summary>
    /// <param name="field">The field as messages name it, for example <c>CrowdTask.Id</c> or <c>Participant.Qualifications[0]</c>.</param>
    /// <param name="ctor">Builds the record with the value through its constructor; <see langword="null"/> when the constructor is not checked here.</param>
    /// <param name="with">Sets the value on a valid record with a <c>with</c> expression; <see langword="null"/> when the field has no init accessor of its own.</param>
    /// <param name="listItem">Whether the field is an item of a list (a null item is reported as such).</param>
    /// <param name="optional">Whether <see langword="null"/> is allowed.</param>
    public Rules IdField(string field, Action<string?>? ctor, Action<string?>? with, bool listItem = false, bool optional = false)
    {
        foreach (var (path, act) in Paths(ctor, with))
        {
            if (optional)
            {
                Accept($"{field} {path}: null", () => act(null));
            }
            else
            {
                AddWithParam<ValidationFailedException>($"{field} {path}: null", () => act(null), BareField(field), field, listItem ? "must not be null" : "must not be empty or whitespace (value: null)");
            }

            AddWithParam<ValidationFailedException>($"{field} {path}: empty", () => act(string.Empty), BareField(field), field, "must not be empty or whitespace (value: '')");
            AddWithParam<ValidationFailedException>($"{field} {path}: whitespace", () => act(" \t "), BareField(field), field, "must not be empty or whitespace (value: ' \t ')");
            AddWithParam<ValidationFailedException>($"{field} {path}: 201 characters", () => act(Samples.TooLongId), BareField(field), field, "must be at most 200 characters (value has 201)");
            AddWithParam<ValidationFailedException>($"{field} {path}: control character", () => act("a\u0001b"), BareField(field), field, "must not contain control characters (value: 'a\u0001b')");
            AddWithParam<ValidationFailedException>($"{field} {path}: line break", () => act("two\nlines"), BareField(field), field, "must not contain control characters (value: 'two\nlines')");
            Accept($"{field} {path}: 200 characters", () => act(new string('y', 200)));
            Accept($"{field} {path}: punctuation and non-ASCII letters", () => act("größe/ü:1.2_ä-b"));
        }

        return this;
    }

    /// <summary>The text rules (not empty or whitespace; any length and line breaks allowed) for one field.</summary>
    public Rules TextField(string field, Action<string?>? ctor, Action<string?>? with, bool listItem = false)
    {
        foreach (var (path, act) in Paths(ctor, with))
        {
            AddWithParam<ValidationFailedException>($"{field} {path}: null", () => act(null), BareField(field), field, listItem ? "must not be null" : "must not be empty or whitespace (value: null)");
            AddWithParam<ValidationFailedException>($"{field} {path}: empty", () => act(string.Empty), BareField(field), field, "must not be empty or whitespace (value: '')");
            AddWithParam<ValidationFailedException>($"{field} {path}: whitespace", () => act(" \r\n "), BareField(field), field, "must not be empty or whitespace (value: ' \r\n ')");
            Accept($"{field} {path}: long text with line breaks", () => act("First line.\nSecond line, " + new string('z', 500)));
        }

        return this;
    }

    /// <summary>An undefined enum value is refused with the field, the number and the allowed names.</summary>
    public Rules EnumField(string field, Action<int>? ctor, Action<int>? with, string allowedName)
    {
        foreach (var (path, act) in Paths(ctor, with))
        {
            AddWithParam<ValidationFailedException>($"{field} {path}: 99", () => act(99), BareField(field), field, "has the undefined value 99", "allowed:", allowedName);
            AddWithParam<ValidationFailedException>($"{field} {path}: -1", () => act(-1), BareField(field), field, "has the undefined value -1");
        }

        return this;
    }

    public void Verify(string name)
    {
        var rule = _rules[name];
        var exception = Assert.Throws(rule.Exception, rule.Act);
        foreach (var fragment in rule.Fragments)
        {
            Assert.True(
                exception.Message.Contains(fragment, StringComparison.Ordinal),
                $"Case '{name}': the {rule.Exception.Name} message should contain \"{fragment}\" but was: {exception.Message}");
        }

        if (rule.ParamName is not null)
        {
            Assert.Equal(rule.ParamName, ((ValidationFailedException)exception).Path);
        }
    }

    public void VerifyAccepted(string name) => _accepted[name]();

    private static IEnumerable<(string Path, Action<T> Act)> Paths<T>(Action<T>? ctor, Action<T>? with)
    {
        if (ctor is not null)
        {
            yield return ("ctor", ctor);
        }

        if (with is not null)
        {
            yield return ("with", with);
        }
    }

    private sealed record Rule(Type Exception, Action Act, string[] Fragments, string? ParamName);
}

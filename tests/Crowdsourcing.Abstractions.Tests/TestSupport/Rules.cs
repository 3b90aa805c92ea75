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
    /// The identifier rules (not empty or whitespace, at most 200 characters, only the URL-safe characters of
    /// <see cref="Limits.IdAlphabet"/>, a dot not first nor last) for one field, through the constructor and through a
    /// <c>with</c> expression.
    /// </summary>
    /// <param name="field">The field as messages name it, for example <c>CrowdTask.Id</c> or <c>Participant.Qualifications[0]</c>.</param>
    /// <param name="ctor">Builds the record with the value through its constructor; <see langword="null"/> when the constructor is not checked here.</param>
    /// <param name="with">Sets the value on a valid record with a <c>with</c> expression; <see langword="null"/> when the field has no init accessor of its own.</param>
    /// <param name="listItem">Whether the field is an item of a list (a null item is reported as such).</param>
    /// <param name="optional">Whether <see langword="null"/> is allowed.</param>
    public Rules IdField(string field, Action<string?>? ctor, Action<string?>? with, bool listItem = false, bool optional = false)
    {
        Blank(field, ctor, with, listItem, optional);
        foreach (var (path, act) in Paths(ctor, with))
        {
            AddWithParam<ValidationFailedException>($"{field} {path}: 201 characters", () => act(Samples.TooLongId), BareField(field), field, "must be at most 200 characters (value has 201)");
            AddWithParam<ValidationFailedException>($"{field} {path}: control character", () => act("a\u0001b"), BareField(field), field, "must not contain control characters; it has the character U+0001 at position 2");
            AddWithParam<ValidationFailedException>($"{field} {path}: line break", () => act("two\nlines"), BareField(field), field, "must not contain control characters; it has the character U+000A at position 4");
            AddWithParam<ValidationFailedException>($"{field} {path}: slash", () => act("a/b"), BareField(field), field, "has '/' at position 2; an id is made of letters A-Z and a-z, digits 0-9, and - _ ~ @ .");
            AddWithParam<ValidationFailedException>($"{field} {path}: percent-encoded slash", () => act("a%2Fb"), BareField(field), field, "has '%' at position 2");
            AddWithParam<ValidationFailedException>($"{field} {path}: space", () => act("a b"), BareField(field), field, "has the character U+0020 at position 2");
            AddWithParam<ValidationFailedException>($"{field} {path}: non-ASCII letter", () => act("größe"), BareField(field), field, "has 'ö' at position 3");
            AddWithParam<ValidationFailedException>($"{field} {path}: dot", () => act("."), BareField(field), field, "must not start or end with a dot", "(value: '.')");
            AddWithParam<ValidationFailedException>($"{field} {path}: dot dot", () => act(".."), BareField(field), field, "must not start or end with a dot", "(value: '..')");
            AddWithParam<ValidationFailedException>($"{field} {path}: trailing dot", () => act("a."), BareField(field), field, "must not start or end with a dot");
            Accept($"{field} {path}: 200 characters", () => act(new string('y', 200)));
            Accept($"{field} {path}: every allowed character", () => act("AZaz09-_~@.x.y"));
        }

        return this;
    }

    /// <summary>
    /// The key rules (not empty or whitespace, at most 200 characters, no control characters; any other character) for
    /// one field: choices, qualifications, groups, kinds, channels, notification ids.
    /// </summary>
    public Rules KeyField(string field, Action<string?>? ctor, Action<string?>? with, bool listItem = false, bool optional = false)
    {
        Blank(field, ctor, with, listItem, optional);
        foreach (var (path, act) in Paths(ctor, with))
        {
            AddWithParam<ValidationFailedException>($"{field} {path}: 201 characters", () => act(Samples.TooLongId), BareField(field), field, "must be at most 200 characters (value has 201)");
            AddWithParam<ValidationFailedException>($"{field} {path}: control character", () => act("a\u0001b"), BareField(field), field, "must not contain control characters; it has the character U+0001 at position 2");
            AddWithParam<ValidationFailedException>($"{field} {path}: line break", () => act("two\nlines"), BareField(field), field, "must not contain control characters; it has the character U+000A at position 4");
            Accept($"{field} {path}: 200 characters", () => act(new string('y', 200)));
            Accept($"{field} {path}: punctuation and non-ASCII letters", () => act("größe/ü:1.2_ä-b"));
        }

        return this;
    }

    /// <summary>The name rules (not empty or whitespace, at most 200 characters, no control character, not even a line
    /// break) for one field: display names, names, titles.</summary>
    public Rules NameField(string field, Action<string?>? ctor, Action<string?>? with, bool listItem = false)
    {
        Blank(field, ctor, with, listItem, optional: false);
        foreach (var (path, act) in Paths(ctor, with))
        {
            AddWithParam<ValidationFailedException>($"{field} {path}: 201 characters", () => act(new string('n', 201)), BareField(field), field, "must be at most 200 characters (value has 201)");
            AddWithParam<ValidationFailedException>($"{field} {path}: 10 MB", () => act(new string('n', 10_000_000)), BareField(field), field, "must be at most 200 characters (value has 10,000,000)");
            AddWithParam<ValidationFailedException>($"{field} {path}: line break", () => act("two\nlines"), BareField(field), field, "must not contain control characters; it has the character U+000A at position 4");
            AddWithParam<ValidationFailedException>($"{field} {path}: NUL", () => act("a\0b"), BareField(field), field, "the character U+0000 at position 2");
            Accept($"{field} {path}: 200 characters", () => act(new string('n', 200)));
            Accept($"{field} {path}: punctuation and non-ASCII letters", () => act("O'Neill, Ève (R&D) / 東京"));
        }

        return this;
    }

    /// <summary>The text rules (not empty or whitespace; at most <paramref name="max"/> characters; line breaks and tabs
    /// allowed, other control characters not) for one field.</summary>
    public Rules TextField(string field, Action<string?>? ctor, Action<string?>? with, bool listItem = false, int max = Limits.MaxTextLength)
    {
        Blank(field, ctor, with, listItem, optional: false, whitespace: " \r\n ");
        foreach (var (path, act) in Paths(ctor, with))
        {
            AddWithParam<ValidationFailedException>($"{field} {path}: over the limit", () => act(new string('t', max + 1)), BareField(field), field, $"must be at most {max:N0} characters (value has {max + 1:N0})");
            AddWithParam<ValidationFailedException>($"{field} {path}: NUL", () => act("a\0b"), BareField(field), field, "must not contain control characters other than tab and line breaks; it has the character U+0000 at position 2");
            Accept($"{field} {path}: long text with line breaks", () => act("First line.\nSecond line,\t" + new string('z', 500)));
            Accept($"{field} {path}: at the limit", () => act(new string('t', max)));
        }

        return this;
    }

    private void Blank(string field, Action<string?>? ctor, Action<string?>? with, bool listItem, bool optional, string whitespace = " \t ")
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
            AddWithParam<ValidationFailedException>($"{field} {path}: whitespace", () => act(whitespace), BareField(field), field, $"must not be empty or whitespace (value: '{whitespace}')");
        }
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

namespace Crowdsourcing.Abstractions.Tests.TestSupport;

/// <summary>Asserts the exact exception type and that its message contains every given fragment.</summary>
internal static class Throws
{
    public static TException With<TException>(Action action, params string[] fragments)
        where TException : Exception
    {
        var exception = Assert.Throws<TException>(action);
        foreach (var fragment in fragments)
        {
            Assert.True(
                exception.Message.Contains(fragment, StringComparison.Ordinal),
                $"The {typeof(TException).Name} message should contain \"{fragment}\" but was: {exception.Message}");
        }

        return exception;
    }

    /// <summary>The exception must be an <see cref="ValidationFailedException"/> (exactly) naming the fragments.</summary>
    public static ValidationFailedException Argument(Action action, params string[] fragments) => With<ValidationFailedException>(action, fragments);

    /// <summary>The exception must be an <see cref="ValidationFailedException"/> naming the fragments.</summary>
    public static ValidationFailedException OutOfRange(Action action, params string[] fragments) => With<ValidationFailedException>(action, fragments);
}

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

    /// <summary>The exception must be an <see cref="ArgumentException"/> (exactly) naming the fragments.</summary>
    public static ArgumentException Argument(Action action, params string[] fragments) => With<ArgumentException>(action, fragments);

    /// <summary>The exception must be an <see cref="ArgumentOutOfRangeException"/> naming the fragments.</summary>
    public static ArgumentOutOfRangeException OutOfRange(Action action, params string[] fragments) => With<ArgumentOutOfRangeException>(action, fragments);
}

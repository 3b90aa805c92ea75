namespace Crowdsourcing;

/// <summary>
/// The base of every error the library raises for a domain reason: something not found, a conflict with what is
/// stored, an access refused, an operation the current state does not allow, or input that is not valid. A host maps
/// the subclasses to its protocol without guessing (the web package maps them to HTTP 404, 409, 403, 409 and 400).
/// Programming errors (a <see langword="null"/> argument, a disposed object) stay the usual .NET exceptions.
/// </summary>
/// <remarks>Every refusal of this family changes nothing: the operation wrote nothing before it threw.</remarks>
public abstract class CrowdsourcingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The error in the user's words: what was wrong and where.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected CrowdsourcingException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A record, model, file or other named thing does not exist. HTTP: 404.</summary>
public class NotFoundException : CrowdsourcingException
{
    /// <summary>Creates the exception with the message "<paramref name="recordType"/> '<paramref name="recordId"/>' does not exist."</summary>
    /// <param name="recordType">What was looked for, in words, for example <c>Campaign</c> or <c>decision model</c>.</param>
    /// <param name="recordId">Its identifier.</param>
    public NotFoundException(string recordType, string recordId)
        : this(recordType, recordId, $"{recordType} '{recordId}' does not exist.")
    {
    }

    /// <summary>Creates the exception with a message of its own (for example one that lists what does exist).</summary>
    /// <param name="recordType">What was looked for.</param>
    /// <param name="recordId">Its identifier.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NotFoundException(string recordType, string recordId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        RecordType = recordType;
        RecordId = recordId;
    }

    /// <summary>What was looked for, for example <c>Campaign</c>.</summary>
    public string RecordType { get; }

    /// <summary>The identifier that was not found.</summary>
    public string RecordId { get; }
}

/// <summary>
/// The operation conflicts with what is stored: a stale version (<see cref="Storage.ConcurrencyConflictException"/>)
/// or an identifier already taken by different content (<see cref="Storage.DuplicateRecordException"/>). HTTP: 409.
/// </summary>
public abstract class ConflictException : CrowdsourcingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="recordType">The kind of record.</param>
    /// <param name="recordId">The record's identifier.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected ConflictException(string recordType, string recordId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        RecordType = recordType;
        RecordId = recordId;
    }

    /// <summary>The kind of record, for example <c>Assignment</c>.</summary>
    public string RecordType { get; }

    /// <summary>The record's identifier.</summary>
    public string RecordId { get; }
}

/// <summary>
/// The acting person may not do this: the role, the relation to the record or the crowd layer does not allow it. The
/// refusal is logged and nothing changes. HTTP: 403.
/// </summary>
public class AccessDeniedException : CrowdsourcingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused and why, in words.</param>
    /// <param name="actorId">Who was refused, when known.</param>
    /// <param name="operation">What they tried, for example <c>submit</c>.</param>
    /// <param name="resourceId">The record they tried it on, when there is one.</param>
    public AccessDeniedException(string message, string? actorId = null, string? operation = null, string? resourceId = null)
        : base(message)
    {
        ActorId = actorId;
        Operation = operation;
        ResourceId = resourceId;
    }

    /// <summary>Who was refused, or <see langword="null"/> when nobody was authenticated.</summary>
    public string? ActorId { get; }

    /// <summary>What they tried, for example <c>submit</c>.</summary>
    public string? Operation { get; }

    /// <summary>The record they tried it on, when there is one.</summary>
    public string? ResourceId { get; }
}

/// <summary>
/// The record's current state does not allow the operation (a cancelled request cannot be submitted, cycle 3 cannot
/// run before cycle 2). Nothing changed. HTTP: 409.
/// </summary>
public class InvalidStateException : CrowdsourcingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is not allowed and why, and what would be.</param>
    /// <param name="recordType">The kind of record, when there is one.</param>
    /// <param name="recordId">Its identifier.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InvalidStateException(string message, string? recordType = null, string? recordId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RecordType = recordType;
        RecordId = recordId;
    }

    /// <summary>The kind of record, when there is one.</summary>
    public string? RecordType { get; }

    /// <summary>The record's identifier, when there is one.</summary>
    public string? RecordId { get; }
}

/// <summary>One validation failure: where, and what is wrong.</summary>
/// <param name="Path">Where, in the input's own terms: a field (<c>DisplayName</c>), a JSON path
/// (<c>$.crowd.layers[1]</c>), a file's row and column, a table's row.</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record ValidationError(string Path, string Message);

/// <summary>
/// Input is not valid: a model rule is broken, a file or a request body is malformed, a value is out of its limits.
/// <see cref="Errors"/> says where and what; nothing was written. HTTP: 400.
/// </summary>
public class ValidationFailedException : CrowdsourcingException
{
    /// <summary>Creates the exception for one failure; the message is <paramref name="message"/>.</summary>
    /// <param name="path">Where (see <see cref="ValidationError.Path"/>).</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ValidationFailedException(string path, string message, Exception? innerException = null)
        : base(message, innerException) => Errors = [new ValidationError(path, message)];

    /// <summary>Creates the exception for several failures.</summary>
    /// <param name="message">A summary (it should say what was being validated).</param>
    /// <param name="errors">Every failure, at least one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ValidationFailedException(string message, IReadOnlyList<ValidationError> errors, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors.Count > 0 ? [.. errors] : [new ValidationError(string.Empty, message)];
    }

    /// <summary>Every failure, at least one, in the order found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>Where the first failure is (see <see cref="ValidationError.Path"/>).</summary>
    public virtual string Path => Errors[0].Path;
}

namespace Crowdsourcing.Directory;

/// <summary>
/// The enterprise directory cannot be reached, refused the service account, or broke off a listing. Nothing was
/// changed because of it: a synchronisation that meets it writes nothing.
/// </summary>
public sealed class DirectoryUnavailableException : CrowdsourcingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, in the user's words (the server, never a password).</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DirectoryUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

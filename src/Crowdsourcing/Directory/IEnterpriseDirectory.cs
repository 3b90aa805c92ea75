namespace Crowdsourcing.Directory;

/// <summary>
/// The enterprise directory the runtime authenticates people against and takes its organisational data from (the
/// CrowdArb paper's "LDAP-based enterprise directory service"). Providers: <c>UseLdapDirectory(...)</c>
/// (package Crowdsourcing.Directory.Ldap) and, for development, <c>UseDemoDirectory(...)</c>. Hosts that sign in with
/// OpenID Connect or JWT need no directory: the actor then comes from the principal's claims.
/// </summary>
public interface IEnterpriseDirectory
{
    /// <summary>
    /// Checks a person's credentials (an LDAP bind) and returns who they are, or <see langword="null"/> when the user
    /// name or the password is wrong. Never says which of the two was wrong.
    /// </summary>
    /// <param name="userName">The name the person signs in with (uid, sAMAccountName or mail, as configured).</param>
    /// <param name="password">The password; an empty password is refused without asking the directory.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The person, or <see langword="null"/>.</returns>
    /// <exception cref="DirectoryUnavailableException">The directory cannot be reached or refused the service account.</exception>
    ValueTask<DirectoryPerson?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken = default);

    /// <summary>Reads one person by id, or <see langword="null"/> when the directory has nobody of that id.</summary>
    /// <param name="id">The person's id (their participant id).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The person, or <see langword="null"/>.</returns>
    /// <exception cref="DirectoryUnavailableException">The directory cannot be reached.</exception>
    ValueTask<DirectoryPerson?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists every person the directory holds (paged underneath), for synchronising participants. The listing is
    /// complete or it throws: a synchronisation never acts on a partial listing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Every person, in the directory's order.</returns>
    /// <exception cref="DirectoryUnavailableException">The directory cannot be reached, or the listing broke off.</exception>
    IAsyncEnumerable<DirectoryPerson> ListPeopleAsync(CancellationToken cancellationToken = default);
}

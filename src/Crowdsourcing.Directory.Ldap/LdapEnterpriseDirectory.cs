using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Crowdsourcing.Crowd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Directory.Ldap;

/// <summary>
/// The enterprise directory over LDAP (System.DirectoryServices.Protocols), registered by <c>UseLdapDirectory(...)</c>.
/// A person signs in by bind: the service account looks their entry up by user name (the name escaped as RFC 4515
/// asks), then a second connection binds as that entry with their password. Entries map to
/// <see cref="DirectoryPerson"/> by <see cref="LdapDirectoryOptions.Attributes"/> over the preset, groups to layers and
/// roles by <see cref="LdapDirectoryOptions.LayerGroups"/>, <see cref="LdapDirectoryOptions.OrganiserGroups"/> and
/// <see cref="LdapDirectoryOptions.AdministratorGroups"/>.
/// </summary>
/// <remarks>
/// Connecting, StartTLS and binds are synchronous calls of System.DirectoryServices.Protocols, bounded by
/// <see cref="LdapDirectoryOptions.ConnectTimeout"/>; searches are asynchronous, bounded by
/// <see cref="LdapDirectoryOptions.OperationTimeout"/>. Each call opens its own connections and closes them.
/// </remarks>
internal sealed partial class LdapEnterpriseDirectory : IEnterpriseDirectory
{
    /// <summary>The longest user name looked up; longer ones are refused without asking the directory.</summary>
    internal const int MaxUserNameLength = 256;

    /// <summary>The longest password sent; longer ones are refused without asking the directory.</summary>
    internal const int MaxPasswordLength = 1024;

    private const int InvalidCredentials = 49;

    private readonly LdapDirectoryOptions _options;
    private readonly LdapMapping _mapping;
    private readonly LdapGroupMapping _groups;
    private readonly ILogger _logger;

    public LdapEnterpriseDirectory(IOptions<LdapDirectoryOptions> options, ILogger<LdapEnterpriseDirectory> logger)
    {
        _options = options.Value;
        _mapping = LdapMapping.From(_options);
        _groups = new LdapGroupMapping(_options);
        _logger = logger;
    }

    /// <summary>The server as people write it: <c>ldap://host:389</c> or <c>ldaps://host:636</c>.</summary>
    internal string Server => string.Create(CultureInfo.InvariantCulture, $"{(_options.Security == LdapSecurityModes.Ldaps ? "ldaps" : "ldap")}://{_options.Host}:{_options.EffectivePort}");

    public async ValueTask<DirectoryPerson?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (userName.Length is 0 or > MaxUserNameLength || string.IsNullOrWhiteSpace(userName) || password.Length is 0 or > MaxPasswordLength)
        {
            LogSignInRefused(_logger, "the user name or the password is empty or too long");
            return null;
        }

        using var service = ConnectAsService();
        var entries = await SearchAsync(service, _options.PeopleBaseDn!, $"(&{_mapping.PeopleFilter}({_mapping.UserNameAttribute}={LdapFilter.Escape(userName)}))", _mapping.Attributes, SearchScope.Subtree, paged: false, "look the person up by user name", cancellationToken).ConfigureAwait(false);
        if (entries.Count != 1)
        {
            LogSignInRefused(_logger, entries.Count == 0 ? "no entry has that user name" : "several entries have that user name");
            return null;
        }

        var entry = entries[0];
        if (!BindAsPerson(entry.DistinguishedName, password))
        {
            LogSignInRefused(_logger, "the directory refused the password");
            return null;
        }

        return await ToPersonAsync(service, entry, null, null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<DirectoryPerson?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > MaxUserNameLength)
        {
            return null;
        }

        using var service = ConnectAsService();
        var entries = await SearchAsync(service, _options.PeopleBaseDn!, $"(&{_mapping.PeopleFilter}({_mapping.Id[0]}={LdapFilter.Escape(id)}))", _mapping.Attributes, SearchScope.Subtree, paged: false, "read a person", cancellationToken).ConfigureAwait(false);
        return entries.Count == 1 ? await ToPersonAsync(service, entries[0], null, null, cancellationToken).ConfigureAwait(false) : null;
    }

    public async IAsyncEnumerable<DirectoryPerson> ListPeopleAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The whole listing (and the group index) is read before the first person is yielded: a listing that breaks off
        // throws before the caller has seen anyone.
        List<DirectoryPerson> people;
        using (var service = ConnectAsService())
        {
            var entries = await SearchAsync(service, _options.PeopleBaseDn!, _mapping.PeopleFilter, _mapping.Attributes, SearchScope.Subtree, paged: true, "list people", cancellationToken).ConfigureAwait(false);
            var groupIndex = _options.GroupBaseDn is null ? null : await ReadGroupIndexAsync(service, null, cancellationToken).ConfigureAwait(false);
            var idByDn = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (First(entry, _mapping.Id) is { } entryId)
                {
                    idByDn[Dn.Normalize(entry.DistinguishedName)] = entryId;
                }
            }

            people = new List<DirectoryPerson>(entries.Count);
            foreach (var entry in entries)
            {
                if (First(entry, _mapping.Id) is null)
                {
                    LogNoId(_logger, entry.DistinguishedName, string.Join(",", _mapping.Id));
                    continue;
                }

                people.Add((await ToPersonAsync(service, entry, idByDn, groupIndex, cancellationToken).ConfigureAwait(false))!);
            }
        }

        foreach (var person in people)
        {
            yield return person;
        }
    }

    private async ValueTask<DirectoryPerson?> ToPersonAsync(LdapConnection service, SearchResultEntry entry, Dictionary<string, string>? idByDn, Dictionary<string, List<string>>? groupIndex, CancellationToken cancellationToken)
    {
        var id = First(entry, _mapping.Id);
        if (id is null)
        {
            return null;
        }

        var dn = Dn.Normalize(entry.DistinguishedName);
        IReadOnlyList<string> groups;
        if (_options.GroupBaseDn is null)
        {
            groups = All(entry, _mapping.Groups);
        }
        else
        {
            groupIndex ??= await ReadGroupIndexAsync(service, entry.DistinguishedName, cancellationToken).ConfigureAwait(false);
            groups = groupIndex.TryGetValue(dn, out var found) ? found : [];
        }

        string? managerId = null;
        if (First(entry, _mapping.Manager) is { } managerDn)
        {
            if (idByDn is not null && idByDn.TryGetValue(Dn.Normalize(managerDn), out var known))
            {
                managerId = known;
            }
            else
            {
                var managers = await SearchAsync(service, managerDn, "(objectClass=*)", [.. _mapping.Id], SearchScope.Base, paged: false, "read a manager's entry", cancellationToken, missingIsEmpty: true).ConfigureAwait(false);
                managerId = managers.Count == 1 ? First(managers[0], _mapping.Id) : null;
            }
        }

        return new DirectoryPerson(
            id,
            First(entry, _mapping.DisplayName) ?? id,
            _groups.LayerOf(groups),
            First(entry, _mapping.Email),
            managerId,
            First(entry, _mapping.Team),
            _groups.RolesOf(groups));
    }

    /// <summary>Group DN lists by member DN (normalised): every group under the group base, or those of one member.</summary>
    private async ValueTask<Dictionary<string, List<string>>> ReadGroupIndexAsync(LdapConnection service, string? memberDn, CancellationToken cancellationToken)
    {
        var filter = memberDn is null
            ? _options.GroupFilter
            : $"(&{_options.GroupFilter}({_options.GroupMemberAttribute}={LdapFilter.Escape(memberDn)}))";
        var groups = await SearchAsync(service, _options.GroupBaseDn!, filter, [_options.GroupMemberAttribute], SearchScope.Subtree, paged: true, "list groups", cancellationToken).ConfigureAwait(false);
        var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var member in All(group, [_options.GroupMemberAttribute]))
            {
                var key = Dn.Normalize(member);
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                list.Add(group.DistinguishedName);
            }
        }

        return index;
    }

    private LdapConnection ConnectAsService()
    {
        var credential = string.IsNullOrEmpty(_options.BindDn) ? null : new NetworkCredential(_options.BindDn, _options.BindPassword);
        var connection = Open();
        try
        {
            Run(() =>
            {
                if (credential is null)
                {
                    connection.AuthType = AuthType.Anonymous;
                    connection.Bind();
                }
                else
                {
                    connection.Bind(credential);
                }
            }, credential is null ? "bind anonymously" : $"bind as the service account '{_options.BindDn}'");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Binds as a person; false when the directory says the credentials are invalid.</summary>
    private bool BindAsPerson(string dn, string password)
    {
        using var connection = Open();
        try
        {
            connection.Bind(new NetworkCredential(dn, password));
            return true;
        }
        catch (LdapException ex) when (ex.ErrorCode == InvalidCredentials)
        {
            return false;
        }
        catch (Exception ex) when (ex is LdapException or DirectoryOperationException)
        {
            throw Unavailable("check a person's password", ex);
        }
    }

    /// <summary>A connection, TLS started when configured, not yet bound.</summary>
    private LdapConnection Open()
    {
        var identifier = new LdapDirectoryIdentifier(_options.Host, _options.EffectivePort, fullyQualifiedDnsHostName: false, connectionless: false);
        var connection = new LdapConnection(identifier) { AuthType = AuthType.Basic, Timeout = _options.ConnectTimeout };
        try
        {
            var session = connection.SessionOptions;
            session.ProtocolVersion = 3;
            session.ReferralChasing = ReferralChasingOptions.None;
            if (_options.Security != LdapSecurityModes.None)
            {
                if (_options.TrustedCertificatesDirectory is { } certificates && !OperatingSystem.IsWindows())
                {
                    session.TrustedCertificatesDirectory = certificates;
                    session.StartNewTlsSessionContext();
                }

                if (!_options.VerifyServerCertificate)
                {
                    session.VerifyServerCertificate = (_, _) => true;
                }
            }

            if (_options.Security == LdapSecurityModes.Ldaps)
            {
                session.SecureSocketLayer = true;
            }
            else if (_options.Security == LdapSecurityModes.StartTls)
            {
                if (!OperatingSystem.IsWindows())
                {
                    // On Linux and macOS the connection is only opened by the first operation, and StartTLS needs it
                    // open: an anonymous bind opens it without sending any credential (allowed before StartTLS, RFC 4513).
                    Run(
                        () =>
                        {
                            connection.AuthType = AuthType.Anonymous;
                            connection.Bind();
                            connection.AuthType = AuthType.Basic;
                        },
                        "connect");
                }

                Run(() => session.StartTransportLayerSecurity(null), "start TLS (StartTLS)");
            }

            return connection;
        }
        catch (Exception ex) when (ex is not DirectoryUnavailableException)
        {
            connection.Dispose();
            throw Unavailable("connect", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async ValueTask<List<SearchResultEntry>> SearchAsync(LdapConnection connection, string baseDn, string filter, string[] attributes, SearchScope scope, bool paged, string what, CancellationToken cancellationToken, bool missingIsEmpty = false)
    {
        var results = new List<SearchResultEntry>();
        var request = new SearchRequest(baseDn, filter, scope, attributes) { TimeLimit = _options.OperationTimeout };
        var page = paged ? new PageResultRequestControl(_options.PageSize) : null;
        if (page is not null)
        {
            request.Controls.Add(page);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SearchResponse response;
            try
            {
                var pending = Task.Factory.FromAsync(
                    (callback, state) => connection.BeginSendRequest(request, _options.OperationTimeout, PartialResultProcessing.NoPartialResultSupport, callback, state),
                    connection.EndSendRequest,
                    null);
                response = (SearchResponse)await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DirectoryOperationException ex) when (missingIsEmpty && ex.Response?.ResultCode == ResultCode.NoSuchObject)
            {
                return results;
            }
            catch (DirectoryOperationException ex) when (ex.Response?.ResultCode == ResultCode.NoSuchObject)
            {
                throw new DirectoryUnavailableException($"The enterprise directory {Server} could not {what}: the base '{baseDn}' does not exist (check {LdapDirectoryOptions.SectionName}:PeopleBaseDn and GroupBaseDn).", ex);
            }
            catch (Exception ex) when (ex is LdapException or DirectoryOperationException or TimeoutException)
            {
                throw Unavailable(what, ex);
            }

            foreach (SearchResultEntry entry in response.Entries)
            {
                results.Add(entry);
            }

            var next = page is null ? null : response.Controls.OfType<PageResultResponseControl>().FirstOrDefault();
            if (next is null || next.Cookie is null || next.Cookie.Length == 0)
            {
                return results;
            }

            page!.Cookie = next.Cookie;
        }
    }

    private void Run(Action action, string what)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is LdapException or DirectoryOperationException or TimeoutException or InvalidOperationException)
        {
            throw Unavailable(what, ex);
        }
    }

    private DirectoryUnavailableException Unavailable(string what, Exception ex)
    {
        var reason = ex switch
        {
            LdapException { ErrorCode: InvalidCredentials } => "the directory refused the credentials (check BindDn and BindPassword)",
            LdapException { ErrorCode: 81 or 91 } => "the server cannot be reached (is it running, and are the host and port right?)",
            LdapException { ErrorCode: 85 } or TimeoutException => "the server did not answer in time",
            LdapException { ErrorCode: 52 } => "the server is unavailable",
            LdapException { ErrorCode: 2 or 1 } when what.Contains("TLS", StringComparison.Ordinal) => "the server does not offer StartTLS, or the TLS handshake failed (its certificate is not trusted?)",
            LdapException l => $"{Describe(l)} (LDAP error {l.ErrorCode.ToString(CultureInfo.InvariantCulture)})",
            DirectoryOperationException d when d.Response is not null => $"{d.Response.ResultCode} {d.Response.ErrorMessage}".Trim(),
            _ => ex.Message,
        };
        LogUnavailable(_logger, ex, Server, what, reason);
        return new DirectoryUnavailableException($"The enterprise directory {Server} could not {what}: {reason}.", ex);
    }

    private static string Describe(LdapException ex) =>
        string.IsNullOrWhiteSpace(ex.ServerErrorMessage) ? ex.Message.TrimEnd('.') : ex.ServerErrorMessage.TrimEnd('.');

    private static string? First(SearchResultEntry entry, IReadOnlyList<string> attributes)
    {
        foreach (var attribute in attributes)
        {
            var values = Values(entry, attribute);
            if (values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]))
            {
                return values[0].Trim();
            }
        }

        return null;
    }

    private static List<string> All(SearchResultEntry entry, IReadOnlyList<string> attributes) =>
        [.. attributes.SelectMany(a => Values(entry, a))];

    private static IReadOnlyList<string> Values(SearchResultEntry entry, string attribute)
    {
        foreach (string name in entry.Attributes.AttributeNames)
        {
            if (string.Equals(name, attribute, StringComparison.OrdinalIgnoreCase))
            {
                return [.. entry.Attributes[name].GetValues(typeof(string)).Cast<string>()];
            }
        }

        return [];
    }

    [LoggerMessage(EventId = 6500, Level = LogLevel.Information, Message = "Sign-in refused: {Reason}")]
    private static partial void LogSignInRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 6501, Level = LogLevel.Warning, Message = "The directory entry '{Dn}' has none of the id attributes {Attributes}; left out of the listing")]
    private static partial void LogNoId(ILogger logger, string dn, string attributes);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Error, Message = "The enterprise directory {Server} could not {What}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string server, string what, string reason);
}

using Crowdsourcing.Crowd;

namespace Crowdsourcing.Directory.Ldap;

/// <summary>
/// Settings of the LDAP enterprise directory (<c>UseLdapDirectory(...)</c>), bound from the
/// <c>Crowdsourcing:Directory:Ldap</c> configuration section and validated at start by
/// <see cref="LdapDirectoryOptionsValidator"/>, which lists every failure. Names of choices (<see cref="Security"/>,
/// <see cref="Preset"/>, layers) are spelled as in configuration files: <c>start-tls</c>, <c>active-directory</c>,
/// <c>trusted-partners</c>.
/// </summary>
/// <example>
/// <code>
/// "Crowdsourcing": { "Directory": { "Ldap": {
///   "Host": "ldap.example.org", "Security": "start-tls", "Preset": "openldap",
///   "BindDn": "cn=crowdsourcing,ou=services,dc=example,dc=org", "BindPassword": "...",
///   "PeopleBaseDn": "ou=people,dc=example,dc=org",
///   "LayerGroups": { "cn=partners,ou=groups,dc=example,dc=org": "trusted-partners" },
///   "OrganiserGroups": [ "cn=organisers,ou=groups,dc=example,dc=org" ],
///   "AdministratorGroups": [ "cn=administrators,ou=groups,dc=example,dc=org" ] } } }
/// </code>
/// </example>
public sealed class LdapDirectoryOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:Directory:Ldap</c>.</summary>
    public const string SectionName = "Crowdsourcing:Directory:Ldap";

    /// <summary>The directory server's host name or address. Required.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port; <see langword="null"/> (the default) means 389, or 636 when <see cref="Security"/> is <c>ldaps</c>. From 1 to 65535.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// How the connection is protected: <c>start-tls</c> (the default: plain LDAP upgraded to TLS before any bind),
    /// <c>ldaps</c> (TLS from the first byte, usually port 636), or <c>none</c> (passwords travel in clear text: for a
    /// directory on the same host or in tests only).
    /// </summary>
    public string Security { get; set; } = "start-tls";

    /// <summary>
    /// Whether the server's certificate must be valid and trusted (<c>start-tls</c> and <c>ldaps</c>). Default
    /// <see langword="true"/>. Turning it off accepts any certificate, so a man in the middle can read passwords: for
    /// tests only, and on Windows only (on Linux and macOS System.DirectoryServices.Protocols cannot skip the check:
    /// trust the server's CA with <see cref="TrustedCertificatesDirectory"/>).
    /// </summary>
    public bool VerifyServerCertificate { get; set; } = true;

    /// <summary>
    /// A directory of CA certificates (PEM files named by their subject hash, as <c>openssl rehash</c> makes them) to
    /// trust for the server's certificate, on Linux and macOS; <see langword="null"/> (the default) trusts the system's
    /// (OpenLDAP's <c>TLS_CACERTDIR</c>). Must exist when set.
    /// </summary>
    public string? TrustedCertificatesDirectory { get; set; }

    /// <summary>
    /// The distinguished name of the service account that searches the directory, for example
    /// <c>cn=crowdsourcing,ou=services,dc=example,dc=org</c> (or <c>crowdsourcing@example.org</c> on Active
    /// Directory); <see langword="null"/> searches anonymously. Set with <see cref="BindPassword"/>.
    /// </summary>
    public string? BindDn { get; set; }

    /// <summary>The service account's password. Required with <see cref="BindDn"/>; never logged nor put in a message.</summary>
    public string? BindPassword { get; set; }

    /// <summary>Where people are searched (the whole subtree), for example <c>ou=people,dc=example,dc=org</c>. Required.</summary>
    public string? PeopleBaseDn { get; set; }

    /// <summary>
    /// The filter (RFC 4515) that selects people under <see cref="PeopleBaseDn"/>; <see langword="null"/> takes the
    /// preset's: <c>(objectClass=inetOrgPerson)</c> for OpenLDAP, enabled user accounts
    /// <c>(&amp;(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))</c> for
    /// Active Directory (a disabled account is a person who left). Must be enclosed in parentheses.
    /// </summary>
    public string? PeopleFilter { get; set; }

    /// <summary>
    /// The defaults of the attribute mapping and of <see cref="PeopleFilter"/>: <c>openldap</c> (the default) or
    /// <c>active-directory</c>. See <see cref="LdapAttributeMap"/> for what each maps.
    /// </summary>
    public string Preset { get; set; } = LdapPresets.OpenLdap;

    /// <summary>
    /// The attribute a person's sign-in name is looked up by; <see langword="null"/> takes the id attribute
    /// (<see cref="LdapAttributeMap.Id"/>: <c>uid</c> or <c>sAMAccountName</c>). For example <c>mail</c> to sign in by
    /// e-mail address.
    /// </summary>
    public string? UserNameAttribute { get; set; }

    /// <summary>Which directory attributes make a participant; each one left unset takes the preset's.</summary>
    public LdapAttributeMap Attributes { get; } = new();

    /// <summary>
    /// Where groups are searched when the directory does not keep a <c>memberOf</c> attribute on people (OpenLDAP
    /// without the memberof overlay): groups under this base whose <see cref="GroupMemberAttribute"/> holds a person's
    /// DN are the person's groups. <see langword="null"/> (the default) reads the groups from
    /// <see cref="LdapAttributeMap.Groups"/>.
    /// </summary>
    public string? GroupBaseDn { get; set; }

    /// <summary>The filter of the group search under <see cref="GroupBaseDn"/>. Default <c>(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))</c>.</summary>
    public string GroupFilter { get; set; } = "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))";

    /// <summary>The group attribute listing its members' DNs, for the group search. Default <c>member</c>.</summary>
    public string GroupMemberAttribute { get; set; } = "member";

    /// <summary>
    /// Group DN → crowd layer (<c>internal</c>, <c>trusted-partners</c>, <c>prequalified</c>, <c>general</c>). A person
    /// in several mapped groups gets the most inward layer (internal before trusted-partners before prequalified
    /// before general); a person in none gets <see cref="DefaultLayer"/>. DNs are compared without regard to case or to
    /// spaces around <c>,</c> and <c>=</c>.
    /// </summary>
    public IDictionary<string, string> LayerGroups { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The layer of a person in no group of <see cref="LayerGroups"/>. Default <c>internal</c> (the enterprise's own people).</summary>
    public string DefaultLayer { get; set; } = "internal";

    /// <summary>The group DNs whose members hold the organiser role. <see langword="null"/> or empty: nobody from the directory is an organiser.</summary>
    public IList<string>? OrganiserGroups { get; set; }

    /// <summary>The group DNs whose members hold the administrator role. <see langword="null"/> or empty: nobody from the directory is an administrator.</summary>
    public IList<string>? AdministratorGroups { get; set; }

    /// <summary>How many entries the server returns per page of a listing (the paged-results control). Default 500; from 1 to 10000 (Active Directory serves at most 1000).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>How long connecting (and StartTLS) may take. Default 10 seconds; from 1 second to 5 minutes.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one request (a bind, a search, one page of a listing) may take. Default 30 seconds; from 1 second to 10 minutes.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The port in use: <see cref="Port"/>, or the default of <see cref="Security"/>.</summary>
    internal int EffectivePort => Port ?? (string.Equals(Security, LdapSecurityModes.Ldaps, StringComparison.Ordinal) ? 636 : 389);
}

/// <summary>
/// Which directory attributes make a participant. Each entry is an attribute name, or several separated by commas tried
/// in order (the first one the entry has wins); an entry left <see langword="null"/> takes the preset's.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>entry</term><description><c>openldap</c> / <c>active-directory</c></description></listheader>
/// <item><term><see cref="Id"/></term><description><c>uid</c> / <c>sAMAccountName</c></description></item>
/// <item><term><see cref="DisplayName"/></term><description><c>displayName,cn</c> / <c>displayName,cn</c></description></item>
/// <item><term><see cref="Email"/></term><description><c>mail</c> / <c>mail</c></description></item>
/// <item><term><see cref="Manager"/></term><description><c>manager</c> / <c>manager</c> (a DN, mapped to the manager's id)</description></item>
/// <item><term><see cref="Team"/></term><description><c>departmentNumber,ou</c> / <c>department</c></description></item>
/// <item><term><see cref="Groups"/></term><description><c>memberOf</c> / <c>memberOf</c> (group DNs)</description></item>
/// </list>
/// </remarks>
public sealed class LdapAttributeMap
{
    /// <summary>The participant id (and the actor id when they sign in).</summary>
    public string? Id { get; set; }

    /// <summary>The name shown to people (falls back to the id when the entry has none).</summary>
    public string? DisplayName { get; set; }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; set; }

    /// <summary>The manager's DN, mapped to the manager's id.</summary>
    public string? Manager { get; set; }

    /// <summary>The team or department: people of one team are each other's colleagues.</summary>
    public string? Team { get; set; }

    /// <summary>The DNs of the groups the person belongs to (for layers and roles).</summary>
    public string? Groups { get; set; }
}

/// <summary>The names of <see cref="LdapDirectoryOptions.Preset"/>.</summary>
public static class LdapPresets
{
    /// <summary>OpenLDAP with the inetOrgPerson schema: <c>openldap</c>.</summary>
    public const string OpenLdap = "openldap";

    /// <summary>Microsoft Active Directory: <c>active-directory</c>.</summary>
    public const string ActiveDirectory = "active-directory";

    /// <summary>Every preset.</summary>
    public static IReadOnlyList<string> All { get; } = [OpenLdap, ActiveDirectory];
}

/// <summary>The names of <see cref="LdapDirectoryOptions.Security"/>.</summary>
public static class LdapSecurityModes
{
    /// <summary>No TLS: <c>none</c>.</summary>
    public const string None = "none";

    /// <summary>Plain LDAP upgraded with the StartTLS extended operation: <c>start-tls</c>.</summary>
    public const string StartTls = "start-tls";

    /// <summary>LDAP over TLS: <c>ldaps</c>.</summary>
    public const string Ldaps = "ldaps";

    /// <summary>Every mode.</summary>
    public static IReadOnlyList<string> All { get; } = [None, StartTls, Ldaps];
}

/// <summary>The attribute mapping and filter in effect: the options over the preset.</summary>
internal sealed record LdapMapping(
    IReadOnlyList<string> Id,
    IReadOnlyList<string> DisplayName,
    IReadOnlyList<string> Email,
    IReadOnlyList<string> Manager,
    IReadOnlyList<string> Team,
    IReadOnlyList<string> Groups,
    string PeopleFilter,
    string UserNameAttribute)
{
    public static LdapMapping From(LdapDirectoryOptions options)
    {
        var ad = string.Equals(options.Preset, LdapPresets.ActiveDirectory, StringComparison.Ordinal);
        var a = options.Attributes;
        var id = Split(a.Id ?? (ad ? "sAMAccountName" : "uid"));
        return new LdapMapping(
            id,
            Split(a.DisplayName ?? "displayName,cn"),
            Split(a.Email ?? "mail"),
            Split(a.Manager ?? "manager"),
            Split(a.Team ?? (ad ? "department" : "departmentNumber,ou")),
            Split(a.Groups ?? "memberOf"),
            options.PeopleFilter ?? (ad ? "(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))" : "(objectClass=inetOrgPerson)"),
            options.UserNameAttribute ?? id[0]);
    }

    /// <summary>Every attribute a person's search asks for.</summary>
    public string[] Attributes => [.. Id.Concat(DisplayName).Concat(Email).Concat(Manager).Concat(Team).Concat(Groups).Append(UserNameAttribute).Distinct(StringComparer.OrdinalIgnoreCase)];

    internal static string[] Split(string attributes) =>
        [.. attributes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>Group DNs to layers and roles.</summary>
internal sealed class LdapGroupMapping
{
    private readonly Dictionary<string, CrowdLayer> _layers;
    private readonly HashSet<string> _organisers;
    private readonly HashSet<string> _administrators;
    private readonly CrowdLayer _defaultLayer;

    public LdapGroupMapping(LdapDirectoryOptions options)
    {
        _layers = options.LayerGroups.ToDictionary(p => Dn.Normalize(p.Key), p => Serialization.EnumNames.Parse<CrowdLayer>(p.Value, $"{LdapDirectoryOptions.SectionName}:LayerGroups"), StringComparer.Ordinal);
        _organisers = (options.OrganiserGroups ?? []).Select(Dn.Normalize).ToHashSet(StringComparer.Ordinal);
        _administrators = (options.AdministratorGroups ?? []).Select(Dn.Normalize).ToHashSet(StringComparer.Ordinal);
        _defaultLayer = Serialization.EnumNames.Parse<CrowdLayer>(options.DefaultLayer, $"{LdapDirectoryOptions.SectionName}:DefaultLayer");
    }

    public CrowdLayer LayerOf(IEnumerable<string> groups)
    {
        CrowdLayer? best = null;
        foreach (var group in groups)
        {
            if (_layers.TryGetValue(Dn.Normalize(group), out var layer) && (best is null || layer < best))
            {
                best = layer;
            }
        }

        return best ?? _defaultLayer;
    }

    public IReadOnlyList<string> RolesOf(IEnumerable<string> groups)
    {
        var normalized = groups.Select(Dn.Normalize).ToHashSet(StringComparer.Ordinal);
        var roles = new List<string>();
        if (normalized.Overlaps(_administrators))
        {
            roles.Add(Access.ActorRoles.Administrator);
        }

        if (normalized.Overlaps(_organisers))
        {
            roles.Add(Access.ActorRoles.Organiser);
        }

        return roles;
    }
}

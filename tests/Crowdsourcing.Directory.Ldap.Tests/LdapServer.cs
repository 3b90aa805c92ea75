using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using Crowdsourcing.Directory.Ldap;

namespace Crowdsourcing.Directory.Ldap.Tests;

/// <summary>
/// The OpenLDAP server the tests run against, started by <c>.ci/ldap.sh</c> with the tree of
/// <c>.ci/ldap-seed.ldif</c>, described by the <c>CROWDSOURCING_LDAP_*</c> variables it exports.
/// </summary>
public static class LdapServer
{
    public const string HostVariable = "CROWDSOURCING_LDAP_HOST";

    public static string Host => Required(HostVariable);

    public static int Port => int.Parse(Required("CROWDSOURCING_LDAP_PORT"), CultureInfo.InvariantCulture);

    public static int LdapsPort => int.Parse(Required("CROWDSOURCING_LDAPS_PORT"), CultureInfo.InvariantCulture);

    public static string BaseDn => Required("CROWDSOURCING_LDAP_BASE_DN");

    public static string BindDn => Required("CROWDSOURCING_LDAP_BIND_DN");

    public static string BindPassword => Required("CROWDSOURCING_LDAP_BIND_PASSWORD");

    public static string CertificateAuthorityDirectory => Required("CROWDSOURCING_LDAP_CA_DIR");

    public static string People => "ou=people," + BaseDn;

    public static string Group(string name) => $"cn={name},ou=groups,{BaseDn}";

    /// <summary>Options for the seeded tree, over plain LDAP, with the seed's groups mapped.</summary>
    public static void Configure(LdapDirectoryOptions options, string? peopleBaseDn = null)
    {
        options.Host = Host;
        options.Port = Port;
        options.Security = LdapSecurityModes.None;
        options.BindDn = BindDn;
        options.BindPassword = BindPassword;
        options.PeopleBaseDn = peopleBaseDn ?? People;
        options.LayerGroups[Group("internal")] = "internal";
        options.LayerGroups[Group("partners")] = "trusted-partners";
        options.DefaultLayer = "general";
        options.OrganiserGroups = [Group("organisers")];
        options.AdministratorGroups = [Group("administrators")];
    }

    /// <summary>A connection bound as the directory's administrator, to add and remove entries.</summary>
    public static LdapConnection Administrator()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(Host, Port)) { AuthType = AuthType.Basic };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.Bind(new NetworkCredential(Required("CROWDSOURCING_LDAP_ADMIN_DN"), Required("CROWDSOURCING_LDAP_ADMIN_PASSWORD")));
        return connection;
    }

    /// <summary>A port on the loopback interface nobody listens on.</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The LDAP directory tests need an OpenLDAP server with the tree of .ci/ldap-seed.ldif: {variable} is not set. " +
                "Start a throwaway one with `source .ci/ldap.sh && ldap_start` (it installs slapd with apt-get when missing and exports the CROWDSOURCING_LDAP_* variables), " +
                "or run every test with `bash .ci/test`, which does it.");
}

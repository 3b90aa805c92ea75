using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Directory.Ldap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Directory.Ldap.Tests;

public sealed class LdapOptionsTests
{
    [Fact]
    public void Options_are_bound_from_the_Directory_Ldap_section_and_every_failure_is_listed()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crowdsourcing:Directory:Ldap:Host"] = "ldap://ldap.example.org",
            ["Crowdsourcing:Directory:Ldap:Port"] = "70000",
            ["Crowdsourcing:Directory:Ldap:Security"] = "tls",
            ["Crowdsourcing:Directory:Ldap:Preset"] = "OpenLDAP",
            ["Crowdsourcing:Directory:Ldap:BindDn"] = "cn=crowdsourcing,dc=example,dc=org",
            ["Crowdsourcing:Directory:Ldap:PeopleFilter"] = "(objectClass=person))(",
            ["Crowdsourcing:Directory:Ldap:Attributes:Team"] = "department number",
            ["Crowdsourcing:Directory:Ldap:LayerGroups:cn=partners,dc=example,dc=org"] = "partners",
            ["Crowdsourcing:Directory:Ldap:OrganiserGroups:0"] = "organisers",
            ["Crowdsourcing:Directory:Ldap:PageSize"] = "0",
            ["Crowdsourcing:Directory:Ldap:OperationTimeout"] = "00:00:00",
        }).Build());
        services.AddCrowdsourcing(b => b.UseInMemoryStore().UseLdapDirectory());
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LdapDirectoryOptions>>().Value);

        Assert.Equal(
            [
                "Crowdsourcing:Directory:Ldap:Host must be a host name or address only, without scheme, port or path (value: 'ldap://ldap.example.org'); the scheme comes from Security and the port from Port.",
                "Crowdsourcing:Directory:Ldap:Port must be from 1 to 65535 (value: 70000).",
                "Crowdsourcing:Directory:Ldap:Security must be one of 'none', 'start-tls', 'ldaps' (value: 'tls').",
                "Crowdsourcing:Directory:Ldap:Preset must be one of 'openldap', 'active-directory' (value: 'OpenLDAP').",
                "Crowdsourcing:Directory:Ldap:BindPassword must be set when BindDn is (the service account's password); leave both unset to search anonymously.",
                "Crowdsourcing:Directory:Ldap:PeopleBaseDn must be set to a distinguished name, for example \"ou=people,dc=example,dc=org\".",
                "Crowdsourcing:Directory:Ldap:PeopleFilter must be one LDAP filter in parentheses with balanced parentheses, for example \"(objectClass=inetOrgPerson)\" (value: '(objectClass=person))(').",
                "Crowdsourcing:Directory:Ldap:Attributes:Team must be an attribute name, or several separated by commas, for example \"displayName,cn\" (value: 'department number').",
                "Crowdsourcing:Directory:Ldap:LayerGroups:cn=partners,dc=example,dc=org must be a crowd layer, one of 'internal', 'trusted-partners', 'prequalified', 'general' (value: 'partners').",
                "Crowdsourcing:Directory:Ldap:OrganiserGroups:0 is not a distinguished name such as \"ou=people,dc=example,dc=org\" (value: 'organisers').",
                "Crowdsourcing:Directory:Ldap:PageSize must be from 1 to 10000 (value: 0).",
                "Crowdsourcing:Directory:Ldap:OperationTimeout must be from 00:00:01 to 00:10:00 (value: 00:00:00).",
            ],
            ex.Failures);
    }

    [Fact]
    public void The_defaults_need_only_a_host_and_a_people_base()
    {
        var options = new LdapDirectoryOptions { Host = "ldap.example.org", PeopleBaseDn = "ou=people,dc=example,dc=org" };

        Assert.True(new LdapDirectoryOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((LdapSecurityModes.StartTls, 389, true, LdapPresets.OpenLdap), (options.Security, options.EffectivePort, options.VerifyServerCertificate, options.Preset));
        Assert.Equal(636, new LdapDirectoryOptions { Security = LdapSecurityModes.Ldaps }.EffectivePort);
    }

    [Fact]
    public void The_presets_map_OpenLDAP_and_Active_Directory_attributes()
    {
        var openLdap = LdapMapping.From(new LdapDirectoryOptions());
        var activeDirectory = LdapMapping.From(new LdapDirectoryOptions { Preset = LdapPresets.ActiveDirectory });
        var custom = LdapMapping.From(new LdapDirectoryOptions { Preset = LdapPresets.ActiveDirectory, UserNameAttribute = "userPrincipalName", Attributes = { Team = "physicalDeliveryOfficeName", Id = "employeeID" } });

        Assert.Equal(
            "uid | displayName,cn | mail | manager | departmentNumber,ou | memberOf | (objectClass=inetOrgPerson) | uid",
            Describe(openLdap));
        Assert.Equal(
            "sAMAccountName | displayName,cn | mail | manager | department | memberOf | (&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2))) | sAMAccountName",
            Describe(activeDirectory));
        Assert.StartsWith("employeeID | displayName,cn | mail | manager | physicalDeliveryOfficeName | memberOf | ", Describe(custom), StringComparison.Ordinal);
        Assert.EndsWith(" | userPrincipalName", Describe(custom), StringComparison.Ordinal);

        static string Describe(LdapMapping m) =>
            string.Join(" | ", new[] { m.Id, m.DisplayName, m.Email, m.Manager, m.Team, m.Groups }.Select(a => string.Join(",", a)).Append(m.PeopleFilter).Append(m.UserNameAttribute));
    }

    [Fact]
    public void Certificate_checking_cannot_be_turned_off_where_the_platform_cannot_skip_it()
    {
        var options = new LdapDirectoryOptions { Host = "ldap.example.org", PeopleBaseDn = "ou=people,dc=example,dc=org", VerifyServerCertificate = false };

        var result = new LdapDirectoryOptionsValidator().Validate(null, options);

        Assert.Equal(OperatingSystem.IsWindows(), result.Succeeded);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(["Crowdsourcing:Directory:Ldap:VerifyServerCertificate can be false on Windows only (System.DirectoryServices.Protocols cannot skip the check on Linux and macOS): trust the server's CA with TrustedCertificatesDirectory instead."], result.Failures);
        }
    }

    [Fact]
    public void UseLdapDirectory_twice_registers_one_directory_and_applies_each_configuration_in_order()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseInMemoryStore()
            .UseLdapDirectory(o => { o.Host = "first.example.org"; o.PeopleBaseDn = "ou=people,dc=example,dc=org"; })
            .UseLdapDirectory(o => o.Host = "second.example.org"));
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IEnterpriseDirectory));
        Assert.Equal("ldap://second.example.org:389", Assert.IsType<LdapEnterpriseDirectory>(provider.GetRequiredService<IEnterpriseDirectory>()).Server);
    }
}

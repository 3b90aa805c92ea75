using Crowdsourcing.Directory;
using Crowdsourcing.Directory.Ldap;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crowdsourcing.DependencyInjection;

/// <summary>Registers the LDAP enterprise directory.</summary>
public static class LdapCrowdsourcingBuilderExtensions
{
    /// <summary>
    /// Uses an LDAP server (OpenLDAP, Active Directory, any LDAPv3 directory) as the <see cref="IEnterpriseDirectory"/>
    /// (a singleton): people sign in by bind, and <c>AddDirectorySync()</c> makes participants of its people.
    /// <see cref="LdapDirectoryOptions"/> are bound first from the <c>Crowdsourcing:Directory:Ldap</c> configuration
    /// section (when an <c>IConfiguration</c> is registered), then changed by <paramref name="configure"/>, and
    /// validated at start by <see cref="LdapDirectoryOptionsValidator"/> (every failure listed). Safe to call more than
    /// once: the last directory configured wins and each <paramref name="configure"/> applies in order.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddCrowdsourcing(crowd => crowd
    ///     .UseSqlite("Data Source=crowd.db")
    ///     .UseLdapDirectory(ldap =>
    ///     {
    ///         ldap.Host = "ldap.example.org";
    ///         ldap.BindDn = "cn=crowdsourcing,ou=services,dc=example,dc=org";
    ///         ldap.BindPassword = secrets["ldap"];
    ///         ldap.PeopleBaseDn = "ou=people,dc=example,dc=org";
    ///     })
    ///     .AddDirectorySync(sync => sync.Interval = TimeSpan.FromHours(1)));
    /// </code>
    /// </example>
    /// <param name="builder">The builder from <c>AddCrowdsourcing()</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static CrowdsourcingBuilder UseLdapDirectory(this CrowdsourcingBuilder builder, Action<LdapDirectoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<LdapDirectoryOptions, LdapDirectoryOptionsValidator>(LdapDirectoryOptions.SectionName);
        builder.Services.Replace(ServiceDescriptor.Singleton<IEnterpriseDirectory, LdapEnterpriseDirectory>());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}

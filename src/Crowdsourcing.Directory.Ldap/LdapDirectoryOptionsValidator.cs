using System.Globalization;
using Crowdsourcing.Crowd;
using Crowdsourcing.Serialization;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Directory.Ldap;

/// <summary>Validates <see cref="LdapDirectoryOptions"/> at start, listing every failure with its configuration key.</summary>
internal sealed class LdapDirectoryOptionsValidator : IValidateOptions<LdapDirectoryOptions>
{
    private const string Prefix = LdapDirectoryOptions.SectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LdapDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add($"{Prefix}:Host must be set to the directory server's host name, for example \"ldap.example.org\" (builder.UseLdapDirectory(o => o.Host = \"...\")).");
        }
        else if (options.Host.Contains("://", StringComparison.Ordinal) || options.Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/'))
        {
            failures.Add($"{Prefix}:Host must be a host name or address only, without scheme, port or path (value: '{options.Host}'); the scheme comes from Security and the port from Port.");
        }

        if (options.Port is { } port && port is < 1 or > 65535)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}:Port must be from 1 to 65535 (value: {port})."));
        }

        if (!LdapSecurityModes.All.Contains(options.Security, StringComparer.Ordinal))
        {
            failures.Add($"{Prefix}:Security must be one of {Quote(LdapSecurityModes.All)} (value: '{options.Security}').");
        }

        if (!LdapPresets.All.Contains(options.Preset, StringComparer.Ordinal))
        {
            failures.Add($"{Prefix}:Preset must be one of {Quote(LdapPresets.All)} (value: '{options.Preset}').");
        }

        if (string.IsNullOrEmpty(options.BindDn) != string.IsNullOrEmpty(options.BindPassword))
        {
            failures.Add(string.IsNullOrEmpty(options.BindDn)
                ? $"{Prefix}:BindDn must be set when BindPassword is: the service account's DN, for example \"cn=crowdsourcing,ou=services,dc=example,dc=org\"."
                : $"{Prefix}:BindPassword must be set when BindDn is (the service account's password); leave both unset to search anonymously.");
        }

        CheckDn(options.PeopleBaseDn, "PeopleBaseDn", required: true, failures);
        CheckDn(options.GroupBaseDn, "GroupBaseDn", required: false, failures);
        CheckFilter(options.PeopleFilter, "PeopleFilter", failures);
        CheckFilter(options.GroupFilter, "GroupFilter", failures);
        CheckAttribute(options.UserNameAttribute, "UserNameAttribute", failures);
        CheckAttribute(options.GroupMemberAttribute, "GroupMemberAttribute", failures, required: true);
        CheckAttribute(options.Attributes.Id, "Attributes:Id", failures);
        CheckAttribute(options.Attributes.DisplayName, "Attributes:DisplayName", failures);
        CheckAttribute(options.Attributes.Email, "Attributes:Email", failures);
        CheckAttribute(options.Attributes.Manager, "Attributes:Manager", failures);
        CheckAttribute(options.Attributes.Team, "Attributes:Team", failures);
        CheckAttribute(options.Attributes.Groups, "Attributes:Groups", failures);

        foreach (var (group, layer) in options.LayerGroups)
        {
            CheckDn(group, $"LayerGroups:{group}", required: true, failures);
            if (!EnumNames.TryParse<CrowdLayer>(layer, out _))
            {
                failures.Add($"{Prefix}:LayerGroups:{group} must be a crowd layer, one of {EnumNames.Describe<CrowdLayer>()} (value: '{layer}').");
            }
        }

        if (!EnumNames.TryParse<CrowdLayer>(options.DefaultLayer, out _))
        {
            failures.Add($"{Prefix}:DefaultLayer must be a crowd layer, one of {EnumNames.Describe<CrowdLayer>()} (value: '{options.DefaultLayer}').");
        }

        CheckGroups(options.OrganiserGroups, "OrganiserGroups", failures);
        CheckGroups(options.AdministratorGroups, "AdministratorGroups", failures);

        if (options.PageSize is < 1 or > 10_000)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}:PageSize must be from 1 to 10000 (value: {options.PageSize})."));
        }

        if (options.ConnectTimeout < TimeSpan.FromSeconds(1) || options.ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}:ConnectTimeout must be from 00:00:01 to 00:05:00 (value: {options.ConnectTimeout}).");
        }

        if (options.OperationTimeout < TimeSpan.FromSeconds(1) || options.OperationTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Prefix}:OperationTimeout must be from 00:00:01 to 00:10:00 (value: {options.OperationTimeout}).");
        }

        if (!options.VerifyServerCertificate && !OperatingSystem.IsWindows())
        {
            failures.Add($"{Prefix}:VerifyServerCertificate can be false on Windows only (System.DirectoryServices.Protocols cannot skip the check on Linux and macOS): trust the server's CA with TrustedCertificatesDirectory instead.");
        }

        if (options.TrustedCertificatesDirectory is { } certificates)
        {
            if (OperatingSystem.IsWindows())
            {
                failures.Add($"{Prefix}:TrustedCertificatesDirectory is for Linux and macOS; on Windows the server's certificate is checked against the Windows certificate store.");
            }
            else if (!System.IO.Directory.Exists(certificates))
            {
                failures.Add($"{Prefix}:TrustedCertificatesDirectory must be an existing directory of CA certificates (value: '{certificates}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Quote(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));

    private static void CheckDn(string? dn, string key, bool required, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(dn))
        {
            if (required)
            {
                failures.Add($"{Prefix}:{key} must be set to a distinguished name, for example \"ou=people,dc=example,dc=org\".");
            }

            return;
        }

        if (!dn.Contains('=', StringComparison.Ordinal) || dn.Any(char.IsControl))
        {
            failures.Add($"{Prefix}:{key} is not a distinguished name such as \"ou=people,dc=example,dc=org\" (value: '{dn}').");
        }
    }

    private static void CheckFilter(string? filter, string key, List<string> failures)
    {
        if (filter is null)
        {
            return;
        }

        var depth = 0;
        var balanced = filter.Length >= 2 && filter[0] == '(' && filter[^1] == ')';
        for (var i = 0; i < filter.Length && balanced; i++)
        {
            depth += filter[i] switch { '(' => 1, ')' => -1, _ => 0 };
            balanced = depth > 0 || (depth == 0 && i == filter.Length - 1);
        }

        if (!balanced || filter.Any(char.IsControl))
        {
            failures.Add($"{Prefix}:{key} must be one LDAP filter in parentheses with balanced parentheses, for example \"(objectClass=inetOrgPerson)\" (value: '{filter}').");
        }
    }

    private static void CheckAttribute(string? attributes, string key, List<string> failures, bool required = false)
    {
        if (attributes is null && !required)
        {
            return;
        }

        var names = LdapMapping.Split(attributes ?? string.Empty);
        if (names.Length == 0 || names.Any(n => !char.IsAsciiLetter(n[0]) || n.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or ';' or '.'))))
        {
            failures.Add($"{Prefix}:{key} must be an attribute name, or several separated by commas, for example \"displayName,cn\" (value: '{attributes}').");
        }
    }

    private static void CheckGroups(IList<string>? groups, string key, List<string> failures)
    {
        for (var i = 0; i < (groups?.Count ?? 0); i++)
        {
            CheckDn(groups![i], $"{key}:{i}", required: true, failures);
        }
    }
}

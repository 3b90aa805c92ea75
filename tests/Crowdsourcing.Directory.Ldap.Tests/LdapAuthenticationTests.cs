using Crowdsourcing.Access;
using Crowdsourcing.Crowd;
using Crowdsourcing.Directory.Ldap;

namespace Crowdsourcing.Directory.Ldap.Tests;

public sealed class LdapAuthenticationTests
{
    [Fact]
    public async Task A_person_signs_in_with_their_password_and_is_mapped()
    {
        using var host = LdapTestHost.Create();

        var alice = await host.Directory.AuthenticateAsync("alice", "alice-pw");

        Assert.NotNull(alice);
        Assert.Equal(new DirectoryPerson("alice", "Alice Martin", CrowdLayer.Internal, "alice@example.org", "carol", "platform", alice.Roles), alice);
        Assert.Empty(alice.Roles!);
        Assert.Equal(new Actor("alice", "Alice Martin"), alice.ToActor());
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("alice", "ALICE-PW")]
    [InlineData("nobody", "alice-pw")]
    [InlineData("alice", "")]
    [InlineData("", "alice-pw")]
    [InlineData("   ", "alice-pw")]
    public async Task A_wrong_user_name_or_password_is_null_without_saying_which(string userName, string password)
    {
        using var host = LdapTestHost.Create();

        Assert.Null(await host.Directory.AuthenticateAsync(userName, password));
    }

    [Theory]
    [InlineData("*", "alice-pw")]
    [InlineData("alice*", "alice-pw")]
    [InlineData("al*ce", "alice-pw")]
    [InlineData("alice)(uid=*", "alice-pw")]
    [InlineData("*)(uid=*))(|(uid=*", "alice-pw")]
    [InlineData("alice)(|(objectClass=*)", "alice-pw")]
    [InlineData("alice\0", "alice-pw")]
    [InlineData("\\2a", "alice-pw")]
    [InlineData("star*", "star-pw")]
    [InlineData("star*(x", "star-pw")]
    [InlineData("*(x)", "star-pw")]
    public async Task Filter_characters_in_a_user_name_match_only_themselves(string userName, string password)
    {
        using var host = LdapTestHost.Create();

        Assert.Null(await host.Directory.AuthenticateAsync(userName, password));
    }

    [Fact]
    public async Task A_user_name_with_filter_characters_signs_in_as_exactly_that_entry()
    {
        using var host = LdapTestHost.Create();

        var person = await host.Directory.AuthenticateAsync("star*(x)", "star-pw");

        Assert.Equal("star*(x)", person?.Id);
        Assert.Equal("Star Paren", person?.DisplayName);
    }

    [Fact]
    public async Task Signing_in_by_e_mail_address_uses_the_configured_user_name_attribute()
    {
        using var host = LdapTestHost.Create(o => o.UserNameAttribute = "mail");

        Assert.Equal("bob", (await host.Directory.AuthenticateAsync("bob@example.org", "bob-pw"))?.Id);
        Assert.Null(await host.Directory.AuthenticateAsync("bob", "bob-pw"));
    }

    [Fact]
    public void Filter_values_are_escaped_as_RFC_4515_says()
    {
        Assert.Equal(@"a\2a\28b\29\5c\00c", LdapFilter.Escape("a*(b)\\\0c"));
        Assert.Equal("Jürgen Ö", LdapFilter.Escape("Jürgen Ö"));
        Assert.Equal(@"x\0ay\7f", LdapFilter.Escape("x\ny\u007f"));
    }

    [Fact]
    public async Task StartTLS_with_the_server_s_CA_trusted_signs_in()
    {
        using var host = LdapTestHost.Create(o =>
        {
            o.Security = LdapSecurityModes.StartTls;
            o.TrustedCertificatesDirectory = LdapServer.CertificateAuthorityDirectory;
        });

        Assert.Equal("alice", (await host.Directory.AuthenticateAsync("alice", "alice-pw"))?.Id);
        Assert.Null(await host.Directory.AuthenticateAsync("alice", "bob-pw"));
    }

    [Fact]
    public async Task LDAPS_with_the_server_s_CA_trusted_signs_in()
    {
        using var host = LdapTestHost.Create(o =>
        {
            o.Security = LdapSecurityModes.Ldaps;
            o.Port = LdapServer.LdapsPort;
            o.TrustedCertificatesDirectory = LdapServer.CertificateAuthorityDirectory;
        });

        Assert.Equal("bob", (await host.Directory.AuthenticateAsync("bob", "bob-pw"))?.Id);
    }

    [Fact]
    public async Task StartTLS_to_a_server_whose_certificate_is_not_trusted_fails_clearly()
    {
        var empty = System.IO.Directory.CreateTempSubdirectory("crowdsourcing-no-ca-");
        try
        {
            using var host = LdapTestHost.Create(o =>
            {
                o.Security = LdapSecurityModes.StartTls;
                o.TrustedCertificatesDirectory = empty.FullName;
            });

            var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(async () => await host.Directory.AuthenticateAsync("alice", "alice-pw"));

            Assert.StartsWith($"The enterprise directory ldap://{LdapServer.Host}:{LdapServer.Port} could not start TLS (StartTLS): ", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public async Task A_service_account_with_a_wrong_password_is_a_clear_error_that_does_not_show_the_password()
    {
        using var host = LdapTestHost.Create(o => o.BindPassword = "not-the-service-password");

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(async () => await host.Directory.AuthenticateAsync("alice", "alice-pw"));

        Assert.Equal(
            $"The enterprise directory ldap://{LdapServer.Host}:{LdapServer.Port} could not bind as the service account '{LdapServer.BindDn}': the directory refused the credentials (check BindDn and BindPassword).",
            ex.Message);
        Assert.DoesNotContain("not-the-service-password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alice-pw", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_that_is_down_is_a_clear_error_naming_the_server()
    {
        var port = LdapServer.ClosedPort();
        using var host = LdapTestHost.Create(o => o.Port = port);

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(async () => await host.Directory.AuthenticateAsync("alice", "alice-pw"));

        Assert.Equal(
            $"The enterprise directory ldap://{LdapServer.Host}:{port} could not bind as the service account '{LdapServer.BindDn}': the server cannot be reached (is it running, and are the host and port right?).",
            ex.Message);
    }
}

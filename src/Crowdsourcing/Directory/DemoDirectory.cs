using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Crowdsourcing.Access;
using Crowdsourcing.Crowd;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Directory;

/// <summary>
/// An <see cref="IEnterpriseDirectory"/> over the users configured in <see cref="DemoDirectoryOptions"/>, for
/// development and tests: no server. Each password is hashed (PBKDF2-SHA256 with a random salt) when the directory is
/// built, and a sign-in compares hashes in constant time; an unknown user costs the same work as a wrong password, and
/// the answer never says which of the two was wrong. Everyone is in the <see cref="CrowdLayer.Internal"/> layer; the
/// users named in <see cref="DemoDirectoryOptions.Administrators"/> and <see cref="DemoDirectoryOptions.Organisers"/>
/// hold those roles. Registered by <c>UseDemoDirectory(...)</c>.
/// </summary>
internal sealed class DemoDirectory : IEnterpriseDirectory
{
    private const int Iterations = 10_000;
    private const int HashLength = 32;

    private readonly Dictionary<string, (byte[] Salt, byte[] Hash, DirectoryPerson Person)> _users;
    private readonly byte[] _decoySalt = RandomNumberGenerator.GetBytes(16);

    public DemoDirectory(IOptions<DemoDirectoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var administrators = value.EffectiveAdministrators.ToHashSet(StringComparer.Ordinal);
        var organisers = value.EffectiveOrganisers.ToHashSet(StringComparer.Ordinal);
        _users = new Dictionary<string, (byte[], byte[], DirectoryPerson)>(StringComparer.Ordinal);
        foreach (var (id, password) in value.Users)
        {
            var roles = new List<string>();
            if (administrators.Contains(id))
            {
                roles.Add(ActorRoles.Administrator);
            }

            if (organisers.Contains(id))
            {
                roles.Add(ActorRoles.Organiser);
            }

            var salt = RandomNumberGenerator.GetBytes(16);
            _users[id] = (salt, Hash(password, salt), new DirectoryPerson(id, id, CrowdLayer.Internal, Roles: roles));
        }
    }

    public ValueTask<DirectoryPerson?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        cancellationToken.ThrowIfCancellationRequested();
        if (password.Length == 0)
        {
            return ValueTask.FromResult<DirectoryPerson?>(null);
        }

        if (!_users.TryGetValue(userName, out var user))
        {
            // The same work as a wrong password, so that timing does not tell whether the user exists.
            _ = Hash(password, _decoySalt);
            return ValueTask.FromResult<DirectoryPerson?>(null);
        }

        var matches = CryptographicOperations.FixedTimeEquals(Hash(password, user.Salt), user.Hash);
        return ValueTask.FromResult(matches ? user.Person : null);
    }

    public ValueTask<DirectoryPerson?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_users.TryGetValue(id, out var user) ? user.Person : null);
    }

    public async IAsyncEnumerable<DirectoryPerson> ListPeopleAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var user in _users.Values.OrderBy(u => u.Person.Id, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return user.Person;
        }
    }

    private static byte[] Hash(string password, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashLength);
}

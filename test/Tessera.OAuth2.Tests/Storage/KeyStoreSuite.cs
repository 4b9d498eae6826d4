using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The key store against a real database; one subclass per backend.</summary>
public abstract class KeyStoreSuite
{
    protected abstract Task<string> NewDatabaseAsync();

    private static SecretBox Box(params string[] secrets) => new(new SecretKeys(secrets));

    private async Task<string> MigratedAsync()
    {
        var dsn = await NewDatabaseAsync();
        await using var database = Database.Open(dsn);
        await new Migrator(database, OAuth2Service.Descriptor.Migrations!).ApplyAsync(CancellationToken.None);
        return dsn;
    }

    [Fact]
    public async Task A_set_is_created_once_and_read_back_newest_first()
    {
        var dsn = await MigratedAsync();
        await using var database = Database.Open(dsn);
        var store = new KeyStore(database, Box("system-secret-0123456789"), TimeProvider.System);
        Assert.True(await store.EnsureSetAsync(KeySetNames.IdToken, () => JsonWebKeyGenerator.Generate("RS256", "first"), CancellationToken.None));
        Assert.False(await store.EnsureSetAsync(KeySetNames.IdToken, () => JsonWebKeyGenerator.Generate("RS256", "second"), CancellationToken.None));
        var keys = await store.GetSetAsync(KeySetNames.IdToken, CancellationToken.None);
        var key = Assert.Single(keys);
        Assert.Equal("first", key["kid"]!.GetValue<string>());
        Assert.NotNull(key["d"]);
        Assert.Empty(await store.GetSetAsync("no-such-set", CancellationToken.None));
    }

    [Fact]
    public async Task Instances_starting_at_once_end_with_exactly_one_key()
    {
        var dsn = await MigratedAsync();
        var databases = Enumerable.Range(0, 4).Select(_ => Database.Open(dsn)).ToList();
        try
        {
            var created = await Task.WhenAll(databases.Select(db =>
                new KeyStore(db, Box("system-secret-0123456789"), TimeProvider.System)
                    .EnsureSetAsync(KeySetNames.AccessToken, () => JsonWebKeyGenerator.Generate("RS256"), CancellationToken.None)));
            Assert.Equal(1, created.Count(c => c));
            var keys = await new KeyStore(databases[0], Box("system-secret-0123456789"), TimeProvider.System).GetSetAsync(KeySetNames.AccessToken, CancellationToken.None);
            Assert.Single(keys);
        }
        finally
        {
            foreach (var db in databases)
            {
                await db.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Private_keys_are_encrypted_at_rest_and_need_a_known_secret()
    {
        var dsn = await MigratedAsync();
        await using var database = Database.Open(dsn);
        await new KeyStore(database, Box("old-secret-0123456789"), TimeProvider.System)
            .EnsureSetAsync("set", () => JsonWebKeyGenerator.Generate("ES256"), CancellationToken.None);

        await using (var connection = await database.OpenConnectionAsync(CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT key_data FROM oauth2_jwks";
            var raw = (string)(await command.ExecuteScalarAsync())!;
            Assert.StartsWith("v1.", raw);
            Assert.DoesNotContain("\"d\"", raw);
        }

        var rotated = new KeyStore(database, Box("new-secret-0123456789", "old-secret-0123456789"), TimeProvider.System);
        Assert.Single(await rotated.GetSetAsync("set", CancellationToken.None));
        var lost = new KeyStore(database, Box("new-secret-0123456789"), TimeProvider.System);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => lost.GetSetAsync("set", CancellationToken.None));
        Assert.Contains("secrets.system", e.Message);
    }
}

public sealed class SqliteKeyStoreTests : KeyStoreSuite, IDisposable
{
    private readonly Tessera.Testing.TempFolder folder = new();
    private int count;

    public void Dispose() => folder.Dispose();

    protected override Task<string> NewDatabaseAsync()
        => Task.FromResult($"sqlite://{folder.File($"db{Interlocked.Increment(ref count)}.sqlite")}?_fk=true");
}

public sealed class PostgresKeyStoreTests : KeyStoreSuite
{
    protected override async Task<string> NewDatabaseAsync()
        => await (await Tessera.Testing.PostgresServer.GetAsync()).CreateDatabaseAsync();
}

public sealed class MariaDbKeyStoreTests : KeyStoreSuite
{
    protected override async Task<string> NewDatabaseAsync()
        => await (await Tessera.Testing.MariaDbServer.GetAsync()).CreateDatabaseAsync();
}

using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;
using Tessera.Testing;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The key store against a real database; one subclass per backend.</summary>
public abstract class KeyStoreSuite(Backend backend) : OAuth2StoreSuite(backend)
{
    private static SecretBox Box(params string[] secrets) => new(new SecretKeys(secrets));

    [Fact]
    public async Task A_set_is_created_once_and_read_back_newest_first()
    {
        await using var database = await OpenMigratedAsync();
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
    public async Task Key_operations_wait_for_the_sets_created_in_the_background()
    {
        await using var database = await OpenMigratedAsync();
        var store = new KeyStore(database, Box("system-secret-0123456789"), TimeProvider.System);
        using var release = new ManualResetEventSlim();
        var created = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var background = store.EnsureSetsInBackground([KeySetNames.IdToken, KeySetNames.AccessToken], () =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            return JsonWebKeyGenerator.Generate("HS256");
        }, created.Enqueue);

        var read = store.GetSetAsync(KeySetNames.AccessToken, CancellationToken.None);
        var replace = store.ReplaceSetAsync(KeySetNames.IdToken, [JsonWebKeyGenerator.Generate("HS256", "x")], CancellationToken.None);

        // A set that is not being created does not wait: the trust store reads and writes its issuers'
        // sets inside its own write transaction, which on SQLite holds the writer the creation needs.
        await store.ReplaceSetAsync("other", [JsonWebKeyGenerator.Generate("HS256", "y")], CancellationToken.None);
        Assert.Single(await store.GetSetAsync("other", CancellationToken.None));
        Assert.False(read.IsCompleted);
        Assert.False(replace.IsCompleted);
        Assert.Empty(created);

        release.Set();
        Assert.Single(await read);
        await replace;
        await background;
        Assert.Equal([KeySetNames.IdToken, KeySetNames.AccessToken], created);
        Assert.Equal("x", Assert.Single(await store.GetSetAsync(KeySetNames.IdToken, CancellationToken.None))["kid"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_creating_the_sets_fails_key_operations_fail_with_that_error()
    {
        await using var database = await OpenMigratedAsync();
        var store = new KeyStore(database, Box("system-secret-0123456789"), TimeProvider.System);
        var background = store.EnsureSetsInBackground([KeySetNames.IdToken], () => throw new InvalidOperationException("no entropy"), _ => { });
        await Assert.ThrowsAsync<InvalidOperationException>(() => background);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetSetAsync(KeySetNames.IdToken, CancellationToken.None));
        Assert.Equal("no entropy", e.Message);
    }

    [Fact]
    public async Task Instances_starting_at_once_end_with_exactly_one_key()
    {
        var databases = await InstancesAsync(4);
        var created = await Task.WhenAll(databases.Select(db =>
            new KeyStore(db, Box("system-secret-0123456789"), TimeProvider.System)
                .EnsureSetAsync(KeySetNames.AccessToken, () => JsonWebKeyGenerator.Generate("RS256"), CancellationToken.None)));
        Assert.Equal(1, created.Count(c => c));
        var keys = await new KeyStore(databases[0], Box("system-secret-0123456789"), TimeProvider.System).GetSetAsync(KeySetNames.AccessToken, CancellationToken.None);
        Assert.Single(keys);
    }

    [Fact]
    public async Task Private_keys_are_encrypted_at_rest_and_need_a_known_secret()
    {
        await using var database = await OpenMigratedAsync();
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

public sealed class SqliteKeyStoreTests() : KeyStoreSuite(Backend.Sqlite);

public sealed class PostgresKeyStoreTests() : KeyStoreSuite(Backend.Postgres);

public sealed class MariaDbKeyStoreTests() : KeyStoreSuite(Backend.MariaDb);

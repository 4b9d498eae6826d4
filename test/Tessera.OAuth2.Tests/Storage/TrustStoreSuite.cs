using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;
using Tessera.Testing;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The trust store against a real database; one subclass per backend.</summary>
public abstract class TrustStoreSuite(Backend backend) : OAuth2StoreSuite(backend)
{
    private static readonly DateTimeOffset Expires = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private async Task<(Database Database, KeyStore Keys, TrustStore Trust)> OpenAsync()
    {
        var database = await OpenMigratedAsync();
        var keys = new KeyStore(database, new SecretBox(new SecretKeys(["system-secret-0123456789"])), TimeProvider.System);
        return (database, keys, new TrustStore(database, keys, TimeProvider.System));
    }

    private static System.Text.Json.Nodes.JsonObject PublicKey(string kid) => JsonWebKeyGenerator.PublicPart(JsonWebKeyGenerator.Generate("ES256", kid));

    [Fact]
    public async Task A_grant_is_stored_while_the_signing_key_sets_are_still_being_created()
    {
        // The trust store reads and adds keys inside its own write transaction; had it waited there for
        // the start-up key sets, their creation could never take SQLite's writer (an e2e run hung so).
        var (database, keys, trust) = await OpenAsync();
        await using var _ = database;
        using var release = new ManualResetEventSlim();
        var background = keys.EnsureSetsInBackground([KeySetNames.IdToken], () =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            return JsonWebKeyGenerator.Generate("HS256");
        }, _ => { });

        var created = await trust.CreateAsync("https://issuer.example", "alice", false, ["read"], PublicKey("k1"), Expires, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(created);
        Assert.False(background.IsCompleted);
        release.Set();
        await background;
    }

    [Fact]
    public async Task Create_get_list_delete_round_trip_with_the_key_kept_beside()
    {
        var (database, keys, trust) = await OpenAsync();
        await using var _ = database;
        var created = await trust.CreateAsync("https://issuer.example", "alice", false, ["read"], PublicKey("k1"), Expires, CancellationToken.None);
        Assert.NotNull(created);
        var read = await trust.GetAsync(created.Id, CancellationToken.None);
        Assert.Equal(created with { CreatedAt = read!.CreatedAt, Scope = read.Scope }, read);
        Assert.Equal(["read"], read.Scope);
        Assert.Equal(Expires, read.ExpiresAt);
        Assert.NotNull(await keys.GetKeyAsync("https://issuer.example", "k1", CancellationToken.None));

        Assert.True(await trust.DeleteAsync(created.Id, CancellationToken.None));
        Assert.Null(await trust.GetAsync(created.Id, CancellationToken.None));
        Assert.Null(await keys.GetKeyAsync("https://issuer.example", "k1", CancellationToken.None));
        Assert.False(await trust.DeleteAsync(created.Id, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_issuer_subject_and_key_are_trusted_once()
    {
        var (database, _, trust) = await OpenAsync();
        await using var __ = database;
        Assert.NotNull(await trust.CreateAsync("iss", "bob", false, [], PublicKey("k"), Expires, CancellationToken.None));
        Assert.Null(await trust.CreateAsync("iss", "bob", false, [], PublicKey("k"), Expires, CancellationToken.None));
        Assert.NotNull(await trust.CreateAsync("iss", "carol", false, [], PublicKey("k"), Expires, CancellationToken.None));
        Assert.Equal(2, (await trust.ListAsync(null, "", 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Find_matches_issuer_subject_or_any_subject_and_kid_and_skips_expired_grants()
    {
        var (database, _, trust) = await OpenAsync();
        await using var __ = database;
        var alice = await trust.CreateAsync("iss", "alice", false, ["a"], PublicKey("k-alice"), Expires, CancellationToken.None);
        var any = await trust.CreateAsync("iss", "", true, ["b"], PublicKey("k-any"), Expires, CancellationToken.None);
        await trust.CreateAsync("iss", "alice", false, [], PublicKey("k-old"), DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
        await trust.CreateAsync("other", "alice", false, [], PublicKey("k-other"), Expires, CancellationToken.None);

        Assert.Equal([alice!.Id], (await trust.FindAsync("iss", "alice", "k-alice", CancellationToken.None)).Select(g => g.Id));
        Assert.Equal([any!.Id], (await trust.FindAsync("iss", "alice", "k-any", CancellationToken.None)).Select(g => g.Id));
        Assert.Equal([any.Id], (await trust.FindAsync("iss", "bob", "k-any", CancellationToken.None)).Select(g => g.Id));
        Assert.Empty(await trust.FindAsync("iss", "bob", "k-alice", CancellationToken.None));
        Assert.Empty(await trust.FindAsync("iss", "alice", "k-old", CancellationToken.None));
        Assert.Empty(await trust.FindAsync("iss", "alice", "k-other", CancellationToken.None));
        Assert.Equal(new[] { alice.Id, any.Id }.Order(), (await trust.FindAsync("iss", "alice", null, CancellationToken.None)).Select(g => g.Id).Order());
        Assert.Equal(["b"], (await trust.FindAsync("iss", "carol", null, CancellationToken.None)).Single().Scope);
    }

    [Fact]
    public async Task Listing_pages_by_id_and_filters_by_issuer()
    {
        var (database, _, trust) = await OpenAsync();
        await using var __ = database;
        for (var i = 0; i < 5; i++)
        {
            await trust.CreateAsync(i % 2 == 0 ? "even" : "odd", $"s{i}", false, [], PublicKey($"k{i}"), Expires, CancellationToken.None);
        }

        var first = await trust.ListAsync(null, "", 3, CancellationToken.None);
        var rest = await trust.ListAsync(null, first[^1].Id, 3, CancellationToken.None);
        Assert.Equal(3, first.Count);
        Assert.Equal(2, rest.Count);
        Assert.Equal(5, first.Concat(rest).Select(g => g.Id).Distinct().Count());
        Assert.All(await trust.ListAsync("even", "", 10, CancellationToken.None), g => Assert.Equal("even", g.Issuer));
        Assert.Equal(3, (await trust.ListAsync("even", "", 10, CancellationToken.None)).Count);
    }
}

public sealed class SqliteTrustStoreTests() : TrustStoreSuite(Backend.Sqlite);

public sealed class PostgresTrustStoreTests() : TrustStoreSuite(Backend.Postgres);

public sealed class MariaDbTrustStoreTests() : TrustStoreSuite(Backend.MariaDb);

using Tessera.OAuth2.Storage;
using Tessera.OAuth2.Tests.Protocol.Assertions;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The jti store against a real database; one subclass per backend.</summary>
public abstract class JtiStoreSuite(Backend backend) : OAuth2StoreSuite(backend)
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private async Task<(Database Database, JtiStore Store, ManualTime Clock)> OpenAsync()
    {
        var database = await OpenMigratedAsync();
        var clock = new ManualTime(Start);
        return (database, new JtiStore(database, clock), clock);
    }

    [Fact]
    public async Task A_jti_is_used_once_per_issuer_until_it_expires()
    {
        var (database, store, clock) = await OpenAsync();
        await using var _ = database;
        var expires = Start.AddMinutes(5);
        Assert.True(await store.TryUseAsync("client-a", "j1", expires, CancellationToken.None));
        Assert.False(await store.TryUseAsync("client-a", "j1", expires, CancellationToken.None));
        Assert.False(await store.TryUseAsync("client-a", "j1", expires.AddHours(1), CancellationToken.None));
        Assert.True(await store.TryUseAsync("client-b", "j1", expires, CancellationToken.None));
        Assert.True(await store.TryUseAsync("client-a", "j2", expires, CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(await store.TryUseAsync("client-a", "j1", expires, CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await store.TryUseAsync("client-a", "j1", clock.Now.AddMinutes(5), CancellationToken.None));
        Assert.False(await store.TryUseAsync("client-a", "j1", clock.Now.AddMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task Issuer_and_jti_boundaries_do_not_collide()
    {
        var (database, store, _) = await OpenAsync();
        await using var __ = database;
        Assert.True(await store.TryUseAsync("ab", "c", Start.AddMinutes(1), CancellationToken.None));
        Assert.True(await store.TryUseAsync("a", "bc", Start.AddMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_uses_of_one_jti_let_exactly_one_through()
    {
        var (database, store, _) = await OpenAsync();
        await using var __ = database;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.TryUseAsync("iss", "race", Start.AddMinutes(5), CancellationToken.None))));
        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task Expired_records_are_swept()
    {
        var (database, store, _) = await OpenAsync();
        await using var __ = database;
        await store.TryUseAsync("iss", "old", Start.AddMinutes(1), CancellationToken.None);
        await store.TryUseAsync("iss", "new", Start.AddMinutes(10), CancellationToken.None);
        Assert.Equal(1, await store.DeleteExpiredAsync(Start.AddMinutes(5), CancellationToken.None));
        Assert.False(await store.TryUseAsync("iss", "new", Start.AddMinutes(10), CancellationToken.None));
    }
}

public sealed class SqliteJtiStoreTests() : JtiStoreSuite(Backend.Sqlite);

public sealed class PostgresJtiStoreTests() : JtiStoreSuite(Backend.Postgres);

public sealed class MariaDbJtiStoreTests() : JtiStoreSuite(Backend.MariaDb);

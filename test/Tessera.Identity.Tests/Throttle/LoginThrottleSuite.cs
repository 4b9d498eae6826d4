using Tessera.Identity.Storage;
using Tessera.Identity.Throttle;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Identity.Tests.Throttle;

/// <summary>The login throttle against a real database; one subclass per backend.</summary>
public abstract class LoginThrottleSuite(Backend backend) : BackendSuite(backend)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly LoginThrottleOptions Options = new()
    {
        MaxAttempts = 3, IdentifierMaxAttempts = 6, AddressMaxAttempts = 10,
        Window = TimeSpan.FromMinutes(15), BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(60),
    };

    private async Task<(Database Database, LoginThrottle Throttle, LoginThrottleStore Store)> OpenAsync(LoginThrottleOptions? options = null)
    {
        var dsn = await NewDatabaseAsync();
        var database = Database.Open(dsn);
        await new Migrator(database, IdentityService.Descriptor.Migrations!).ApplyAsync(None);
        var store = new LoginThrottleStore(database);
        return (database, new LoginThrottle(store, options ?? Options, TimeProvider.System), store);
    }

    private static async Task FailAsync(LoginThrottle throttle, string identifier, string address, DateTimeOffset at, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await throttle.RecordFailureAsync(identifier, address, at, None);
        }
    }

    [Fact]
    public async Task After_max_attempts_each_failure_doubles_the_wait_up_to_the_cap()
    {
        var (database, throttle, _) = await OpenAsync();
        await using var _ = database;
        await FailAsync(throttle, "Alice@Example.com", "203.0.113.7", T0, 2);
        Assert.True((await throttle.CheckAsync("alice@example.com", "203.0.113.7", T0, None)).Allowed);

        await FailAsync(throttle, "alice@example.com", "203.0.113.7", T0, 1);
        var first = await throttle.CheckAsync("ALICE@example.com ", "203.0.113.7", T0, None);
        Assert.False(first.Allowed);
        Assert.Equal(T0.AddSeconds(1), first.RetryAt);
        Assert.True((await throttle.CheckAsync("alice@example.com", "203.0.113.7", T0.AddSeconds(1), None)).Allowed);

        await FailAsync(throttle, "alice@example.com", "203.0.113.7", T0.AddSeconds(1), 1);
        Assert.Equal(T0.AddSeconds(3), (await throttle.CheckAsync("alice@example.com", "203.0.113.7", T0.AddSeconds(1), None)).RetryAt);

        // 3 + 10 failures: 1 s × 2^10 is over the 60 s cap.
        await FailAsync(throttle, "alice@example.com", "203.0.113.7", T0.AddSeconds(3), 9);
        var capped = await throttle.CheckAsync("alice@example.com", "203.0.113.7", T0.AddSeconds(3), None);
        Assert.Equal(T0.AddSeconds(63), capped.RetryAt);
        Assert.Equal(60, capped.RetryAfterSeconds);
        Assert.Equal(429, capped.Error.Status);
        Assert.Contains("retry after 2026-03-04T05:07:10Z", capped.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_from_another_address_is_not_held_back_by_the_pair_and_a_known_address_not_by_the_identifier()
    {
        var (database, throttle, _) = await OpenAsync();
        await using var _ = database;
        await throttle.RecordSuccessAsync("bob@example.com", "198.51.100.1", T0, None);
        await FailAsync(throttle, "bob@example.com", "203.0.113.9", T0, 3);
        Assert.False((await throttle.CheckAsync("bob@example.com", "203.0.113.9", T0, None)).Allowed);
        Assert.True((await throttle.CheckAsync("bob@example.com", "198.51.100.2", T0, None)).Allowed);

        // Spread over addresses, the identifier reaches its own ceiling: new addresses wait, the known one does not.
        await FailAsync(throttle, "bob@example.com", "203.0.113.10", T0, 2);
        await FailAsync(throttle, "bob@example.com", "203.0.113.11", T0, 1);
        var fresh = await throttle.CheckAsync("bob@example.com", "198.51.100.2", T0, None);
        Assert.False(fresh.Allowed);
        Assert.Equal(T0.AddSeconds(1), fresh.RetryAt);
        Assert.True((await throttle.CheckAsync("bob@example.com", "198.51.100.1", T0, None)).Allowed);
        Assert.True((await throttle.CheckAsync("carol@example.com", "203.0.113.9", T0, None)).Allowed);
    }

    [Fact]
    public async Task A_success_forgets_the_identifier_counters_but_not_the_address_counter()
    {
        var (database, throttle, _) = await OpenAsync();
        await using var _ = database;
        await FailAsync(throttle, "dave@example.com", "203.0.113.20", T0, 7);
        await FailAsync(throttle, "erin@example.com", "203.0.113.20", T0, 2);
        Assert.False((await throttle.CheckAsync("dave@example.com", "203.0.113.20", T0, None)).Allowed);

        await throttle.RecordSuccessAsync("dave@example.com", "203.0.113.21", T0, None);
        Assert.True((await throttle.CheckAsync("dave@example.com", "203.0.113.20", T0, None)).Allowed);

        // The address's own counter (9 failures) still counts: the 10th makes it wait, for every identifier.
        await FailAsync(throttle, "frank@example.com", "203.0.113.20", T0, 1);
        Assert.False((await throttle.CheckAsync("someone@example.com", "203.0.113.20", T0, None)).Allowed);
    }

    [Fact]
    public async Task Counters_are_forgotten_after_the_window_and_purged()
    {
        var (database, throttle, store) = await OpenAsync();
        await using var _ = database;
        await FailAsync(throttle, "gina@example.com", "203.0.113.30", T0, 5);
        Assert.False((await throttle.CheckAsync("gina@example.com", "203.0.113.30", T0.AddSeconds(3), None)).Allowed);
        var later = T0.AddMinutes(15);
        Assert.True((await throttle.CheckAsync("gina@example.com", "203.0.113.30", later, None)).Allowed);

        // A failure after the window starts the count again.
        await throttle.RecordFailureAsync("gina@example.com", "203.0.113.30", later, None);
        var rows = await store.ReadAsync(ThrottleKeys.Identifier("gina@example.com"), ThrottleKeys.Address("203.0.113.30"), None);
        Assert.Equal([1, 1, 1], rows.Select(r => r.Failures));

        Assert.Equal(0, await throttle.PurgeAsync(later, None));
        Assert.Equal(3, await throttle.PurgeAsync(later.AddMinutes(15), None));
        Assert.Empty(await store.ReadAsync(ThrottleKeys.Identifier("gina@example.com"), ThrottleKeys.Address("203.0.113.30"), None));
    }

    [Fact]
    public async Task Disabled_it_allows_everything_and_stores_nothing()
    {
        var (database, throttle, store) = await OpenAsync(Options with { Enabled = false });
        await using var _ = database;
        await FailAsync(throttle, "hank@example.com", "203.0.113.40", T0, 10);
        Assert.True((await throttle.CheckAsync("hank@example.com", "203.0.113.40", T0, None)).Allowed);
        Assert.Empty(await store.ReadAsync(ThrottleKeys.Identifier("hank@example.com"), ThrottleKeys.Address("203.0.113.40"), None));
    }

    [Fact]
    public async Task Two_instances_racing_lose_no_count()
    {
        var dsn = await NewDatabaseAsync();
        await using var first = Database.Open(dsn);
        await new Migrator(first, IdentityService.Descriptor.Migrations!).ApplyAsync(None);
        await using var second = Database.Open(dsn);
        LoginThrottle[] instances = [new(new LoginThrottleStore(first), Options, TimeProvider.System), new(new LoginThrottleStore(second), Options, TimeProvider.System)];

        const int Attempts = 40;
        await Task.WhenAll(Enumerable.Range(0, Attempts).Select(i => Task.Run(() =>
            instances[i % 2].RecordFailureAsync("ivy@example.com", i % 4 == 0 ? "203.0.113.50" : "203.0.113.51", T0.AddMilliseconds(i), None))));

        var rows = await new LoginThrottleStore(first).ReadAsync(ThrottleKeys.Identifier("ivy@example.com"), ThrottleKeys.Address("203.0.113.51"), None);
        Assert.Equal(Attempts * 3 / 4, rows.Single(r => r.AddressKey.Length > 0 && r.IdentifierKey.Length > 0).Failures);
        Assert.Equal(Attempts, rows.Single(r => r.AddressKey.Length == 0).Failures);
        Assert.Equal(Attempts * 3 / 4, rows.Single(r => r.IdentifierKey.Length == 0).Failures);
        Assert.Equal(T0.AddMilliseconds(Attempts - 1).ToUnixTimeMilliseconds(), rows.Single(r => r.AddressKey.Length == 0).LastAt);
    }
}

public sealed class SqliteLoginThrottleTests() : LoginThrottleSuite(Backend.Sqlite);

public sealed class PostgresLoginThrottleTests() : LoginThrottleSuite(Backend.Postgres);

public sealed class MariaDbLoginThrottleTests() : LoginThrottleSuite(Backend.MariaDb);

using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;
using Tessera.Testing;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The janitor against a real database; one subclass per backend.</summary>
public abstract class JanitorSuite(Backend backend) : OAuth2StoreSuite(backend)
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private async Task<(Database Database, Janitor Janitor)> OpenAsync()
    {
        var database = await OpenMigratedAsync();
        return (database, new Janitor(database, new FixedTime(Now)));
    }

    [Fact]
    public async Task Expired_and_inactive_tokens_go_valid_and_never_expiring_ones_stay()
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        await InsertTokenAsync(database, "expired", active: true, Now.AddHours(-3), Now.AddMinutes(-1));
        await InsertTokenAsync(database, "valid", active: true, Now.AddHours(-3), Now.AddMinutes(1));
        await InsertTokenAsync(database, "forever", active: true, Now.AddHours(-3), null);
        await InsertTokenAsync(database, "revoked", active: false, Now.AddHours(-3), Now.AddHours(1));
        await InsertTokenAsync(database, "revoked-forever", active: false, Now.AddHours(-3), null);

        var counts = await janitor.RunAsync(JanitorScope.Tokens, Now, Janitor.DefaultLimit, Janitor.DefaultBatchSize, null, None);

        Assert.Equal(["forever", "valid"], await SignaturesAsync(database));
        Assert.Equal(1, counts.Single(c => c.What == "expired tokens").Deleted);
        Assert.Equal(2, counts.Single(c => c.What == "inactive tokens").Deleted);
    }

    [Fact]
    public async Task Keep_if_younger_moves_the_cut_off_back()
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        await InsertTokenAsync(database, "expired-long-ago", active: true, Now.AddDays(-3), Now.AddDays(-2));
        await InsertTokenAsync(database, "expired-recently", active: true, Now.AddHours(-3), Now.AddMinutes(-30));
        await InsertTokenAsync(database, "revoked-recently", active: false, Now.AddMinutes(-10), Now.AddHours(1));

        await janitor.RunAsync(JanitorScope.Tokens, Now.AddHours(-24), Janitor.DefaultLimit, Janitor.DefaultBatchSize, null, None);

        Assert.Equal(["expired-recently", "revoked-recently"], await SignaturesAsync(database));
    }

    [Fact]
    public async Task A_cut_off_in_the_future_is_treated_as_now()
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        await InsertTokenAsync(database, "valid", active: true, Now.AddHours(-1), Now.AddMinutes(5));
        await InsertJwtIdAsync(database, "unexpired-jti", Now.AddMinutes(5));

        await janitor.RunAsync(JanitorScope.Tokens, Now.AddYears(1), Janitor.DefaultLimit, Janitor.DefaultBatchSize, null, None);

        Assert.Equal(["valid"], await SignaturesAsync(database));
        Assert.Equal(1, await CountAsync(database, "oauth2_jti_blacklist"));
    }

    [Theory]
    [InlineData(25, 10, 25)]
    [InlineData(25, 7, 25)]
    [InlineData(10, 3, 25)]
    [InlineData(25, 25, 25)]
    [InlineData(25, 100, 25)]
    public async Task Batches_stop_at_the_limit(int limit, int batchSize, int rows)
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        for (var i = 0; i < rows; i++)
        {
            await InsertTokenAsync(database, $"t{i:D3}", active: true, Now.AddHours(-2), Now.AddHours(-1));
        }

        var deleted = await janitor.FlushExpiredTokensAsync(Now, limit, batchSize, None);

        Assert.Equal(Math.Min(limit, rows), deleted);
        Assert.Equal(rows - Math.Min(limit, rows), await CountAsync(database, "oauth2_tokens"));
    }

    [Fact]
    public async Task Inactive_tokens_among_live_ones_go_in_batches_up_to_the_limit()
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        for (var i = 0; i < 60; i++)
        {
            await InsertTokenAsync(database, $"t{i:D3}", active: i % 2 == 0, Now.AddHours(-2), Now.AddHours(1));
        }

        Assert.Equal(25, await janitor.FlushInactiveTokensAsync(Now, 25, 7, None));
        Assert.Equal(35, await CountAsync(database, "oauth2_tokens"));
        Assert.Equal(5, await janitor.FlushInactiveTokensAsync(Now, 100, 3, None));
        var left = await SignaturesAsync(database);
        Assert.Equal(30, left.Count);
        Assert.All(left, s => Assert.True(int.Parse(s[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0, s));
        Assert.Equal(0, await janitor.FlushInactiveTokensAsync(Now, 100, 3, None));
    }

    [Fact]
    public async Task Hydra_lifespans_delete_by_age_whatever_the_stored_expiry()
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        await InsertTokenAsync(database, "old-access", active: true, Now.AddHours(-3), Now.AddDays(1));
        await InsertTokenAsync(database, "young-access", active: true, Now.AddMinutes(-30), Now.AddDays(1));
        await InsertTokenAsync(database, "old-refresh", active: true, Now.AddHours(-3), Now.AddDays(1), kind: "refresh");
        await InsertFlowAsync(database, "old-unfinished", FlowState.LoginHandled, Now.AddHours(1), null, Now.AddHours(-2));
        await InsertFlowAsync(database, "old-session", FlowState.ConsentUsed, Now.AddHours(1), null, Now.AddHours(-2));
        await InsertFlowAsync(database, "young-unfinished", FlowState.LoginUnused, Now.AddHours(1), null, Now.AddMinutes(-10));

        var lifespans = new JanitorLifespans(TimeSpan.FromHours(1), null, TimeSpan.FromHours(1));
        var counts = await janitor.RunAsync(JanitorScope.Tokens | JanitorScope.Requests, Now, 100, 2, null, None, lifespans);

        Assert.Equal(["old-refresh", "young-access"], await SignaturesAsync(database));
        Assert.Equal(["old-session", "young-unfinished"], await IdsAsync(database, "oauth2_flows"));
        Assert.Equal(1, counts.Single(c => c.What.Contains("--access-lifespan", StringComparison.Ordinal)).Deleted);
        Assert.DoesNotContain(counts, c => c.What.Contains("--refresh-lifespan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expired_jwt_ids_go()
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        await InsertJwtIdAsync(database, "old", Now.AddSeconds(-1));
        await InsertJwtIdAsync(database, "new", Now.AddSeconds(1));

        Assert.Equal(1, await janitor.FlushJwtIdsAsync(Now, 10, 10, None));
        Assert.Equal(1, await CountAsync(database, "oauth2_jti_blacklist"));
    }

    [Fact]
    public async Task Unfinished_flows_go_when_expired_consent_sessions_when_their_consent_expired()
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        await InsertFlowAsync(database, "abandoned", FlowState.LoginUnused, Now.AddHours(-2), null);
        await InsertFlowAsync(database, "failed", FlowState.Failed, Now.AddHours(-2), null);
        await InsertFlowAsync(database, "abandoned-but-young", FlowState.ConsentUnused, Now.AddMinutes(5), null);
        await InsertFlowAsync(database, "session-expired", FlowState.ConsentUsed, Now.AddHours(-2), Now.AddHours(-1));
        await InsertFlowAsync(database, "session-valid", FlowState.ConsentUsed, Now.AddHours(-2), Now.AddHours(1));
        await InsertFlowAsync(database, "session-forever", FlowState.ConsentUsed, Now.AddHours(-2), null);
        await InsertLogoutAsync(database, "logout-expired", Now.AddMinutes(-1));
        await InsertLogoutAsync(database, "logout-valid", Now.AddMinutes(1));

        var counts = await janitor.RunAsync(JanitorScope.Requests, Now, Janitor.DefaultLimit, 1, null, None);

        Assert.Equal(["abandoned-but-young", "session-forever", "session-valid"], await IdsAsync(database, "oauth2_flows"));
        Assert.Equal(["logout-valid"], await IdsAsync(database, "oauth2_logout_requests"));
        Assert.Equal([("oauth2_flows", 3L), ("oauth2_logout_requests", 1L)], counts.Select(c => (c.Table, c.Deleted)));
    }

    [Fact]
    public async Task Expired_grants_go_with_their_key_unless_another_grant_uses_it()
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        var keys = new KeyStore(database, new SecretBox(new SecretKeys(["system-secret-0123456789"])), TimeProvider.System);
        var trust = new TrustStore(database, keys, TimeProvider.System);
        var shared = JsonWebKeyGenerator.PublicPart(JsonWebKeyGenerator.Generate("ES256", "shared"));
        var alone = JsonWebKeyGenerator.PublicPart(JsonWebKeyGenerator.Generate("ES256", "alone"));
        var expiredShared = await trust.CreateAsync("iss", "alice", false, [], shared, Now.AddDays(-1), None);
        var validShared = await trust.CreateAsync("iss", "bob", false, [], shared, Now.AddDays(1), None);
        var expiredAlone = await trust.CreateAsync("iss", "carol", false, [], alone, Now.AddDays(-1), None);

        var counts = await janitor.RunAsync(JanitorScope.Grants, Now, Janitor.DefaultLimit, Janitor.DefaultBatchSize, null, None);

        Assert.Equal(2, counts.Single().Deleted);
        Assert.Null(await trust.GetAsync(expiredShared!.Id, None));
        Assert.Null(await trust.GetAsync(expiredAlone!.Id, None));
        Assert.NotNull(await trust.GetAsync(validShared!.Id, None));
        Assert.NotNull(await keys.GetKeyAsync("iss", "shared", None));
        Assert.Null(await keys.GetKeyAsync("iss", "alone", None));
    }

    [Fact]
    public async Task A_scope_touches_only_its_tables()
    {
        var (database, janitor) = await OpenAsync();
        await using var _ = database;
        await InsertTokenAsync(database, "expired", active: true, Now.AddHours(-3), Now.AddMinutes(-1));
        await InsertLogoutAsync(database, "logout-expired", Now.AddMinutes(-1));

        var counts = await janitor.RunAsync(JanitorScope.Requests, Now, 10, 10, null, None);

        Assert.Equal(1, await CountAsync(database, "oauth2_tokens"));
        Assert.DoesNotContain(counts, c => c.Table == "oauth2_tokens");
        Assert.Equal(0, await CountAsync(database, "oauth2_logout_requests"));
    }

    private static async Task ExecuteAsync(Database database, string sql, params (string, object)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(None);
        await using var command = SqlCommand.Create(connection, null, sql, parameters);
        await command.ExecuteNonQueryAsync(None);
    }

    private static Task InsertTokenAsync(Database database, string signature, bool active, DateTimeOffset requestedAt, DateTimeOffset? expiresAt, string kind = "access")
        => ExecuteAsync(database,
            "INSERT INTO oauth2_tokens (kind, signature, request_id, client_id, active, requested_at, expires_at, data) VALUES (@kind, @sig, @sig, 'client', @active, @requested, @expires, '{}')",
            ("kind", kind), ("sig", signature), ("active", database.Dialect.Boolean(active)), ("requested", database.Dialect.Timestamp(requestedAt)),
            ("expires", expiresAt is { } e ? database.Dialect.Timestamp(e) : DBNull.Value));

    private static Task InsertJwtIdAsync(Database database, string signature, DateTimeOffset expiresAt)
        => ExecuteAsync(database, "INSERT INTO oauth2_jti_blacklist (signature, expires_at) VALUES (@sig, @expires)",
            ("sig", signature), ("expires", database.Dialect.Timestamp(expiresAt)));

    private static Task InsertFlowAsync(Database database, string id, int state, DateTimeOffset expiresAt, DateTimeOffset? consentExpiresAt, DateTimeOffset? requestedAt = null)
        => ExecuteAsync(database,
            "INSERT INTO oauth2_flows (id, state, client_id, requested_at, expires_at, consent_expires_at, data) VALUES (@id, @state, 'client', @requested, @expires, @consent, '{}')",
            ("id", id), ("state", state), ("requested", database.Dialect.Timestamp(requestedAt ?? Now.AddDays(-1))), ("expires", database.Dialect.Timestamp(expiresAt)),
            ("consent", consentExpiresAt is { } c ? database.Dialect.Timestamp(c) : DBNull.Value));

    private static Task InsertLogoutAsync(Database database, string id, DateTimeOffset expiresAt)
        => ExecuteAsync(database,
            "INSERT INTO oauth2_logout_requests (id, state, requested_at, expires_at, data) VALUES (@id, 1, @requested, @expires, '{}')",
            ("id", id), ("requested", database.Dialect.Timestamp(Now.AddDays(-1))), ("expires", database.Dialect.Timestamp(expiresAt)));

    private static Task<List<string>> SignaturesAsync(Database database) => ColumnAsync(database, "SELECT signature FROM oauth2_tokens ORDER BY signature");

    private static Task<List<string>> IdsAsync(Database database, string table) => ColumnAsync(database, $"SELECT id FROM {table} ORDER BY id");

    private static async Task<long> CountAsync(Database database, string table)
    {
        await using var connection = await database.OpenConnectionAsync(None);
        await using var command = SqlCommand.Create(connection, null, $"SELECT COUNT(*) FROM {table}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(None), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> ColumnAsync(Database database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync(None);
        await using var command = SqlCommand.Create(connection, null, sql);
        await using var reader = await command.ExecuteReaderAsync(None);
        var values = new List<string>();
        while (await reader.ReadAsync(None))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class SqliteJanitorTests() : JanitorSuite(Backend.Sqlite);

public sealed class PostgresJanitorTests() : JanitorSuite(Backend.Postgres);

public sealed class MariaDbJanitorTests() : JanitorSuite(Backend.MariaDb);

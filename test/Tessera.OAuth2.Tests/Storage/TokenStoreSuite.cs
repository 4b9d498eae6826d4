using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The token store against a real database; one subclass per backend.</summary>
public abstract class TokenStoreSuite(Backend backend) : OAuth2StoreSuite(backend)
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private async Task<(Database Database, TokenStore Store)> OpenAsync()
    {
        var database = await OpenMigratedAsync();
        return (database, Store(database));
    }

    private static TokenStore Store(Database database) => new(database, new SecretBox(new SecretKeys(["token-store-suite-secret-0001"])));

    private static StoredToken Token(string signature, string request, string subject, string? flow, string client = "client-a")
        => new(TokenKind.Access, signature, request, true, Start, Start.AddHours(1), new GrantSession
        {
            ClientId = client,
            Subject = subject,
            GrantType = flow is null ? "client_credentials" : "authorization_code",
            GrantedScopes = ["read"],
            RequestedAt = Start,
            FlowId = flow,
        });

    private static async Task<bool> ActiveAsync(TokenStore store, string signature)
        => (await store.GetAsync(TokenKind.Access, signature, CancellationToken.None))!.Active;

    [Fact]
    public async Task A_stored_token_reads_back_with_its_session()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        await store.InsertAsync([Token("sig-1", "req-1", "alice", "flow-1")], CancellationToken.None);

        var read = await store.GetAsync(TokenKind.Access, "sig-1", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(("req-1", true, "alice", "flow-1", "client-a"), (read.RequestId, read.Active, read.Session.Subject, read.Session.FlowId, read.Session.ClientId));
        Assert.Equal(Start.AddHours(1), read.ExpiresAt);
        Assert.Null(await store.GetAsync(TokenKind.Refresh, "sig-1", CancellationToken.None));
    }

    [Fact]
    public async Task Extra_claims_are_stored_sealed_and_read_back_in_the_clear()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var token = Token("sig-claims", "req-1", "alice", "flow-1");
        token = token with { Session = token.Session with { AccessTokenClaims = new() { ["tenant"] = "tenant-7f3a" } } };
        await store.InsertAsync([token], CancellationToken.None);

        await using (var connection = await database.OpenConnectionAsync(CancellationToken.None))
        await using (var command = SqlCommand.Create(connection, null, "SELECT data FROM oauth2_tokens WHERE signature = @signature", ("signature", "sig-claims")))
        {
            var stored = (string)(await command.ExecuteScalarAsync(CancellationToken.None))!;
            Assert.DoesNotContain("tenant", stored, StringComparison.Ordinal);
            Assert.Contains("sealed_claims", stored, StringComparison.Ordinal);
        }

        var read = await store.GetAsync(TokenKind.Access, "sig-claims", CancellationToken.None);
        Assert.Equal("tenant-7f3a", read!.Session.AccessTokenClaims["tenant"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_device_code_poll_counts_once_per_interval()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        await store.InsertAsync([Token("device-sig", "req-1", "", null) with { Kind = TokenKind.DeviceCode }, Token("access-sig", "req-2", "", null)], CancellationToken.None);
        var interval = TimeSpan.FromSeconds(5);

        Assert.True(await store.TryRecordPollAsync("device-sig", Start, interval, CancellationToken.None));
        Assert.False(await store.TryRecordPollAsync("device-sig", Start.AddSeconds(4.9), interval, CancellationToken.None));
        Assert.True(await store.TryRecordPollAsync("device-sig", Start.AddSeconds(5), interval, CancellationToken.None));
        Assert.False(await store.TryRecordPollAsync("device-sig", Start.AddSeconds(6), interval, CancellationToken.None));
        Assert.False(await store.TryRecordPollAsync("access-sig", Start, interval, CancellationToken.None));
    }

    [Fact]
    public async Task Graceful_rotation_allows_uses_within_the_period_and_the_count_and_revokes_only_the_paired_access_token()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var refresh = Token("refresh-1", "req-1", "alice", "flow-1") with { Kind = TokenKind.Refresh };
        var earlier = Token("access-0", "req-1", "alice", "flow-1") with { RequestedAt = Start.AddMinutes(-10) };
        await store.InsertAsync([Token("access-1", "req-1", "alice", "flow-1"), refresh, earlier], CancellationToken.None);
        var grace = new RefreshRotationGrace(TimeSpan.FromSeconds(60), 2);
        var generation = 0;
        Task<bool> RotateAsync(DateTimeOffset now)
        {
            generation++;
            return store.RotateRefreshGracefullyAsync(refresh, [Token($"access-g{generation}", "req-1", "alice", "flow-1") with { RequestedAt = now }], grace, now, CancellationToken.None);
        }

        Assert.True(await RotateAsync(Start.AddSeconds(1)));
        Assert.False(await ActiveAsync(store, "access-1"));
        Assert.True(await ActiveAsync(store, "access-0"));
        Assert.True(await ActiveAsync(store, "access-g1"));
        Assert.False((await store.GetAsync(TokenKind.Refresh, "refresh-1", CancellationToken.None))!.Active);

        Assert.True(await RotateAsync(Start.AddSeconds(30)));
        Assert.True(await RotateAsync(Start.AddSeconds(60)));
        Assert.False(await RotateAsync(Start.AddSeconds(60.5))); // a third reuse is over the count
        Assert.Null(await store.GetAsync(TokenKind.Access, "access-g4", CancellationToken.None));
        Assert.True(await ActiveAsync(store, "access-g1"));
    }

    [Fact]
    public async Task Graceful_rotation_ends_with_the_period_and_with_a_revocation()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var first = Token("refresh-a", "req-a", "alice", "flow-a") with { Kind = TokenKind.Refresh };
        var second = Token("refresh-b", "req-b", "alice", "flow-b") with { Kind = TokenKind.Refresh };
        await store.InsertAsync([first, second], CancellationToken.None);
        var grace = new RefreshRotationGrace(TimeSpan.FromSeconds(60), 0);

        Assert.True(await store.RotateRefreshGracefullyAsync(first, [], grace, Start, CancellationToken.None));
        Assert.True(await store.RotateRefreshGracefullyAsync(first, [], grace, Start.AddSeconds(59), CancellationToken.None));
        Assert.False(await store.RotateRefreshGracefullyAsync(first, [], grace, Start.AddSeconds(60), CancellationToken.None));

        Assert.True(await store.RotateRefreshGracefullyAsync(second, [], grace, Start, CancellationToken.None));
        await store.RevokeRequestAsync("req-b", CancellationToken.None);
        Assert.False(await store.RotateRefreshGracefullyAsync(second, [], grace, Start.AddSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task Racing_rotations_on_several_instances_stay_within_the_reuse_count()
    {
        var instances = await InstancesAsync(3);
        var refresh = Token("refresh-raced", "req-1", "alice", "flow-1") with { Kind = TokenKind.Refresh };
        await Store(instances[0]).InsertAsync([refresh], None);
        var grace = new RefreshRotationGrace(TimeSpan.FromSeconds(60), 2);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rotations = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await go.Task;
            return await Store(instances[i % instances.Count]).RotateRefreshGracefullyAsync(
                refresh, [Token($"access-r{i}", "req-1", "alice", "flow-1")], grace, Start.AddSeconds(1), None);
        })).ToList();
        go.SetResult();

        // The first use and two reuses; every other racer stored nothing.
        Assert.Equal(3, (await Task.WhenAll(rotations)).Count(r => r));
        var stored = 0;
        for (var i = 0; i < 8; i++)
        {
            stored += await Store(instances[0]).GetAsync(TokenKind.Access, $"access-r{i}", None) is null ? 0 : 1;
        }

        Assert.Equal(3, stored);
    }

    [Fact]
    public async Task Revoking_a_subjects_consent_leaves_tokens_issued_without_consent_alone()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        await store.InsertAsync(
            [
                Token("consented-a", "req-1", "alice", "flow-1"),
                Token("consented-b", "req-2", "alice", "flow-2", client: "client-b"),
                Token("no-flow", "req-3", "alice", null),
                Token("other-subject", "req-4", "bob", "flow-3"),
            ],
            CancellationToken.None);

        Assert.Equal(1, await store.RevokeSubjectAsync("alice", "client-b", CancellationToken.None));
        Assert.False(await ActiveAsync(store, "consented-b"));
        Assert.True(await ActiveAsync(store, "consented-a"));

        Assert.Equal(1, await store.RevokeSubjectAsync("alice", null, CancellationToken.None));
        Assert.False(await ActiveAsync(store, "consented-a"));
        Assert.True(await ActiveAsync(store, "no-flow"));
        Assert.True(await ActiveAsync(store, "other-subject"));
    }

    [Fact]
    public async Task Revoking_a_flow_revokes_its_tokens_only()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        await store.InsertAsync([Token("one", "req-1", "alice", "flow-1"), Token("two", "req-2", "alice", "flow-2"), Token("none", "req-3", "alice", null)], CancellationToken.None);

        Assert.Equal(1, await store.RevokeFlowAsync("flow-1", CancellationToken.None));
        Assert.False(await ActiveAsync(store, "one"));
        Assert.True(await ActiveAsync(store, "two"));
        Assert.True(await ActiveAsync(store, "none"));
    }
}

public sealed class SqliteTokenStoreTests() : TokenStoreSuite(Backend.Sqlite)
{
    [Theory]
    [InlineData("UPDATE oauth2_tokens SET active = 0 WHERE active = 1 AND subject = 'alice' AND flow_id IS NOT NULL", "oauth2_tokens_subject_idx")]
    [InlineData("UPDATE oauth2_tokens SET active = 0 WHERE active = 1 AND flow_id = 'f'", "oauth2_tokens_flow_idx")]
    public async Task Subject_and_flow_lookups_use_the_partial_indexes(string sql, string index)
    {
        await using var database = await OpenMigratedAsync();
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = SqlCommand.Create(connection, null, "EXPLAIN QUERY PLAN " + sql);
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
    }
}

public sealed class PostgresTokenStoreTests() : TokenStoreSuite(Backend.Postgres);

public sealed class MariaDbTokenStoreTests() : TokenStoreSuite(Backend.MariaDb);

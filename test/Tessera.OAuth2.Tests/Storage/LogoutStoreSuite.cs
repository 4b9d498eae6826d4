using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The logout request store against a real database; one subclass per backend.</summary>
public abstract class LogoutStoreSuite(Backend backend) : OAuth2StoreSuite(backend)
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private async Task<(Database Database, LogoutStore Logouts)> OpenAsync()
    {
        var database = await OpenMigratedAsync();
        return (database, new LogoutStore(database));
    }

    private static LogoutRequest Request(string id, bool rpInitiated = true) => new()
    {
        Id = id,
        Subject = rpInitiated ? "alice" : "",
        SessionId = rpInitiated ? "sid-1" : null,
        ClientId = rpInitiated ? "client-a" : null,
        RequestedAt = Start,
        ExpiresAt = Start.AddMinutes(30),
        RequestUrl = "https://issuer.example/oauth2/sessions/logout?state=x",
        RpInitiated = rpInitiated,
        PostLogoutRedirectUri = rpInitiated ? "https://app.example/logged-out" : null,
        ClientState = rpInitiated ? "state-ünïcode-✓" : null,
    };

    private static object View(LogoutRequest r)
        => (r.Id, r.Verifier, r.Subject, r.SessionId, r.ClientId, r.State, r.RequestedAt, r.ExpiresAt, (r.RequestUrl, r.RpInitiated, r.PostLogoutRedirectUri, r.ClientState));

    [Fact]
    public async Task A_request_reads_back_by_its_challenge_with_and_without_its_optional_parts()
    {
        var (database, logouts) = await OpenAsync();
        await using var _ = database;
        var relyingParty = Request("rp-initiated");
        var browser = Request("browser-initiated", rpInitiated: false);
        await logouts.InsertAsync(relyingParty, None);
        await logouts.InsertAsync(browser, None);

        Assert.Equal(View(relyingParty), View((await logouts.GetAsync("rp-initiated", None))!));
        Assert.Equal(View(browser), View((await logouts.GetAsync("browser-initiated", None))!));
        Assert.Equal(LogoutRequest.Unused, (await logouts.GetAsync("rp-initiated", None))!.State);
        Assert.Null(await logouts.GetAsync("unknown", None));
        Assert.Null(await logouts.GetByVerifierAsync("rp-initiated", None));
    }

    [Fact]
    public async Task Accepting_hands_out_a_verifier_that_is_used_once()
    {
        var (database, logouts) = await OpenAsync();
        await using var _ = database;
        var request = Request("challenge-1");
        await logouts.InsertAsync(request, None);

        request.State = LogoutRequest.Accepted;
        request.Verifier = "verifier-1";
        Assert.True(await logouts.UpdateAsync(request, LogoutRequest.Unused, None));
        Assert.False(await logouts.UpdateAsync(request, LogoutRequest.Unused, None));
        var accepted = await logouts.GetByVerifierAsync("verifier-1", None);
        Assert.Equal(("challenge-1", LogoutRequest.Accepted), (accepted!.Id, accepted.State));

        request.State = LogoutRequest.Used;
        Assert.True(await logouts.UpdateAsync(request, LogoutRequest.Accepted, None));
        Assert.False(await logouts.UpdateAsync(request, LogoutRequest.Accepted, None));
        Assert.Equal(LogoutRequest.Used, (await logouts.GetByVerifierAsync("verifier-1", None))!.State);

        // A rejected request never gets a verifier.
        var rejected = Request("challenge-2");
        await logouts.InsertAsync(rejected, None);
        rejected.State = LogoutRequest.Rejected;
        Assert.True(await logouts.UpdateAsync(rejected, LogoutRequest.Unused, None));
        rejected.State = LogoutRequest.Accepted;
        rejected.Verifier = "verifier-2";
        Assert.False(await logouts.UpdateAsync(rejected, LogoutRequest.Unused, None));
        Assert.Null(await logouts.GetByVerifierAsync("verifier-2", None));
        Assert.Equal((LogoutRequest.Rejected, (string?)null), ((await logouts.GetAsync("challenge-2", None))!.State, (await logouts.GetAsync("challenge-2", None))!.Verifier));

        Assert.False(await logouts.UpdateAsync(Request("unknown"), LogoutRequest.Unused, None));
    }

    [Fact]
    public async Task Concurrent_accepts_from_several_instances_let_exactly_one_through()
    {
        var instances = await InstancesAsync(3);
        await new LogoutStore(instances[0]).InsertAsync(Request("raced"), None);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var accepts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var request = Request("raced");
            request.State = LogoutRequest.Accepted;
            request.Verifier = $"verifier-{i}";
            await go.Task;
            return await new LogoutStore(instances[i % instances.Count]).UpdateAsync(request, LogoutRequest.Unused, None) ? i : -1;
        })).ToList();
        go.SetResult();

        var winner = Assert.Single(await Task.WhenAll(accepts), i => i >= 0);
        var stored = await new LogoutStore(instances[1]).GetAsync("raced", None);
        Assert.Equal((LogoutRequest.Accepted, $"verifier-{winner}"), (stored!.State, stored.Verifier));
    }
}

public sealed class SqliteLogoutStoreTests() : LogoutStoreSuite(Backend.Sqlite);

public sealed class PostgresLogoutStoreTests() : LogoutStoreSuite(Backend.Postgres);

public sealed class MariaDbLogoutStoreTests() : LogoutStoreSuite(Backend.MariaDb);

using System.Text.Json.Nodes;
using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.OAuth2.Tests.Storage;

/// <summary>The login/consent flow store against a real database; one subclass per backend.</summary>
public abstract class FlowStoreSuite(Backend backend) : OAuth2StoreSuite(backend)
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private async Task<(Database Database, FlowStore Flows)> OpenAsync()
    {
        var database = await OpenMigratedAsync();
        return (database, new FlowStore(database));
    }

    private static Flow NewFlow(string id, string client = "client-a", string subject = "", string? sid = null, DateTimeOffset? requestedAt = null) => new()
    {
        Id = id,
        ClientId = client,
        State = FlowState.LoginUnused,
        Subject = subject,
        LoginSessionId = sid ?? "sid-" + id,
        RequestedAt = requestedAt ?? Start,
        ExpiresAt = (requestedAt ?? Start).AddMinutes(30),
        Csrf = "csrf-" + id,
        Request = new AuthorizationRequest
        {
            ClientId = client,
            RedirectUri = "https://app.example/cb",
            RedirectUriGiven = true,
            ResponseTypes = ["code", "id_token"],
            ResponseMode = "fragment",
            Scopes = ["openid", "offline"],
            Audience = ["https://api.example"],
            State = "state-ünïcode-✓",
            Nonce = "nonce-1",
            CodeChallenge = "challenge-1",
            CodeChallengeMethod = "S256",
            Prompt = ["consent"],
            MaxAge = 3600,
            LoginHint = "alice@example.com",
            AcrValues = ["urn:acr:1"],
            UiLocales = ["de", "en"],
            RequestUrl = "https://issuer.example/oauth2/auth?client_id=" + client,
        },
    };

    /// <summary>Moves a flow through accepted login and consent to a granted consent session, as the flow does.</summary>
    private static async Task GrantAsync(FlowStore flows, Flow flow, string subject, bool remember, DateTimeOffset? consentExpires = null)
    {
        flow.State = FlowState.LoginHandled;
        flow.Subject = subject;
        flow.LoginVerifier = "lv-" + flow.Id;
        Assert.True(await flows.UpdateAsync(flow, FlowState.LoginUnused, None));
        flow.State = FlowState.ConsentUnused;
        flow.ConsentChallenge = "cc-" + flow.Id;
        Assert.True(await flows.UpdateAsync(flow, FlowState.LoginHandled, None));
        flow.State = FlowState.ConsentHandled;
        flow.ConsentVerifier = "cv-" + flow.Id;
        flow.Consent = new JsonObject { ["grant_scope"] = new JsonArray("openid") };
        Assert.True(await flows.UpdateAsync(flow, FlowState.ConsentUnused, None));
        flow.State = FlowState.ConsentUsed;
        flow.ConsentRemember = remember;
        flow.ConsentExpiresAt = consentExpires;
        Assert.True(await flows.UpdateAsync(flow, FlowState.ConsentHandled, None));
    }

    [Fact]
    public async Task A_new_flow_reads_back_by_its_login_challenge_with_the_whole_request()
    {
        var (database, flows) = await OpenAsync();
        await using var _ = database;
        var flow = NewFlow("login-1");
        await flows.InsertAsync(flow, None);

        var read = await flows.GetByLoginChallengeAsync("login-1", None);
        Assert.NotNull(read);
        Assert.Equal(("login-1", FlowState.LoginUnused, "client-a", "", "sid-login-1", "csrf-login-1"), (read.Id, read.State, read.ClientId, read.Subject, read.LoginSessionId, read.Csrf));
        Assert.Equal((Start, Start.AddMinutes(30)), (read.RequestedAt, read.ExpiresAt));
        Assert.Null(read.ConsentExpiresAt);
        Assert.Null(read.ConsentChallenge);
        Assert.Null(read.LoginVerifier);
        Assert.Null(read.Login);
        Assert.False(read.ConsentRemember);
        Assert.True(JsonNode.DeepEquals(flow.Request.ToJson(), read.Request.ToJson()), read.Request.ToJson().ToJsonString());
        Assert.Equal(3600, read.Request.MaxAge);
        Assert.Equal("state-ünïcode-✓", read.Request.State);

        Assert.Null(await flows.GetByLoginChallengeAsync("login-2", None));
        Assert.Null(await flows.GetByConsentChallengeAsync("login-1", None));
    }

    [Fact]
    public async Task Each_step_is_found_by_its_own_challenge_or_verifier_and_carries_what_the_apps_said()
    {
        var (database, flows) = await OpenAsync();
        await using var _ = database;
        var flow = NewFlow("flow-1");
        await flows.InsertAsync(flow, None);

        flow.State = FlowState.LoginHandled;
        flow.Subject = "alice";
        flow.LoginVerifier = "login-verifier-1";
        flow.AuthenticatedAt = Start.AddSeconds(10);
        flow.LoginHandledAt = Start.AddSeconds(11);
        flow.Login = new JsonObject { ["subject"] = "alice", ["remember"] = true, ["acr"] = "urn:acr:1", ["amr"] = new JsonArray("pwd"), ["context"] = new JsonObject { ["k"] = "v" } };
        Assert.True(await flows.UpdateAsync(flow, FlowState.LoginUnused, None));
        var afterLogin = await flows.GetByLoginVerifierAsync("login-verifier-1", None);
        Assert.Equal(("flow-1", FlowState.LoginHandled, "alice"), (afterLogin!.Id, afterLogin.State, afterLogin.Subject));
        Assert.Equal((Start.AddSeconds(10), Start.AddSeconds(11)), (afterLogin.AuthenticatedAt, afterLogin.LoginHandledAt));
        Assert.Equal(("urn:acr:1", "v"), (afterLogin.Acr, afterLogin.LoginContext["k"]!.GetValue<string>()));
        Assert.Equal(["pwd"], afterLogin.Amr);

        flow.State = FlowState.ConsentUnused;
        flow.ConsentChallenge = "consent-challenge-1";
        flow.ConsentSkip = true;
        flow.ConsentRequestedAt = Start.AddSeconds(12);
        flow.ExpiresAt = Start.AddMinutes(45);
        flow.Csrf = "csrf-consent";
        Assert.True(await flows.UpdateAsync(flow, FlowState.LoginHandled, None));
        var atConsent = await flows.GetByConsentChallengeAsync("consent-challenge-1", None);
        Assert.Equal((FlowState.ConsentUnused, true, "csrf-consent", Start.AddMinutes(45)), (atConsent!.State, atConsent.ConsentSkip, atConsent.Csrf, atConsent.ExpiresAt));
        Assert.Equal(Start.AddSeconds(12), atConsent.ConsentRequestedAt);

        flow.State = FlowState.ConsentHandled;
        flow.ConsentVerifier = "consent-verifier-1";
        flow.ConsentHandledAt = Start.AddSeconds(13);
        flow.Consent = new JsonObject { ["grant_scope"] = new JsonArray("openid", "offline"), ["grant_access_token_audience"] = new JsonArray("https://api.example") };
        Assert.True(await flows.UpdateAsync(flow, FlowState.ConsentUnused, None));
        var afterConsent = await flows.GetByConsentVerifierAsync("consent-verifier-1", None);
        Assert.Equal(["openid", "offline"], afterConsent!.GrantedScopes);
        Assert.Equal(["https://api.example"], afterConsent.GrantedAudience);
        Assert.Equal(Start.AddSeconds(13), afterConsent.ConsentHandledAt);

        flow.State = FlowState.ConsentUsed;
        flow.ConsentRemember = true;
        flow.ConsentExpiresAt = Start.AddDays(30);
        Assert.True(await flows.UpdateAsync(flow, FlowState.ConsentHandled, None));
        var session = await flows.GetByLoginChallengeAsync("flow-1", None);
        Assert.Equal((FlowState.ConsentUsed, true, Start.AddDays(30)), (session!.State, session.ConsentRemember, session.ConsentExpiresAt));
        Assert.Equal(("login-verifier-1", "consent-challenge-1", "consent-verifier-1"), (session.LoginVerifier, session.ConsentChallenge, session.ConsentVerifier));

        Assert.Null(await flows.GetByLoginVerifierAsync("consent-verifier-1", None));
        Assert.Null(await flows.GetByConsentVerifierAsync("login-verifier-1", None));
    }

    [Fact]
    public async Task A_step_from_the_wrong_state_changes_nothing()
    {
        var (database, flows) = await OpenAsync();
        await using var _ = database;
        var flow = NewFlow("flow-1");
        await flows.InsertAsync(flow, None);

        var replay = NewFlow("flow-1");
        replay.State = FlowState.ConsentUsed;
        replay.Subject = "mallory";
        Assert.False(await flows.UpdateAsync(replay, FlowState.ConsentHandled, None));
        Assert.False(await flows.UpdateAsync(NewFlow("no-such-flow"), FlowState.LoginUnused, None));

        var read = await flows.GetByLoginChallengeAsync("flow-1", None);
        Assert.Equal((FlowState.LoginUnused, ""), (read!.State, read.Subject));

        // A used challenge cannot be used again.
        flow.State = FlowState.LoginHandled;
        flow.LoginVerifier = "v1";
        Assert.True(await flows.UpdateAsync(flow, FlowState.LoginUnused, None));
        flow.LoginVerifier = "v2";
        Assert.False(await flows.UpdateAsync(flow, FlowState.LoginUnused, None));
        Assert.Null(await flows.GetByLoginVerifierAsync("v2", None));
        Assert.NotNull(await flows.GetByLoginVerifierAsync("v1", None));
    }

    [Fact]
    public async Task A_login_challenge_is_taken_once()
    {
        var (database, flows) = await OpenAsync();
        await using var _ = database;
        await flows.InsertAsync(NewFlow("same"), None);
        var duplicate = await Assert.ThrowsAnyAsync<Exception>(() => flows.InsertAsync(NewFlow("same", client: "client-b"), None));
        Assert.True(database.Dialect.IsUniqueViolation(duplicate), duplicate.ToString());
        Assert.Equal("client-a", (await flows.GetByLoginChallengeAsync("same", None))!.ClientId);
    }

    [Fact]
    public async Task Concurrent_accepts_of_one_challenge_from_several_instances_let_exactly_one_through()
    {
        var instances = await InstancesAsync(3);
        await new FlowStore(instances[0]).InsertAsync(NewFlow("raced"), None);
        for (var round = 0; round < 3; round++)
        {
            var expected = round == 0 ? FlowState.LoginUnused : round == 1 ? FlowState.LoginHandled : FlowState.ConsentUnused;
            var next = expected + 1;
            // Every contender read the flow in the expected state before any of them writes.
            var contenders = new List<(FlowStore Flows, Flow Flow)>();
            for (var i = 0; i < 8; i++)
            {
                var store = new FlowStore(instances[i % instances.Count]);
                var flow = (await store.GetByLoginChallengeAsync("raced", None))!;
                Assert.Equal(expected, flow.State);
                flow.State = next;
                flow.Subject = $"subject-{round}-{i}";
                contenders.Add((store, flow));
            }

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = contenders.Select((c, i) => Task.Run(async () =>
            {
                await go.Task;
                return await c.Flows.UpdateAsync(c.Flow, expected, None) ? i : -1;
            })).ToList();
            go.SetResult();

            var winners = (await Task.WhenAll(attempts)).Where(i => i >= 0).ToList();
            var winner = Assert.Single(winners);
            var stored = await new FlowStore(instances[0]).GetByLoginChallengeAsync("raced", None);
            Assert.Equal((next, $"subject-{round}-{winner}"), (stored!.State, stored.Subject));
        }
    }

    [Fact]
    public async Task Consent_sessions_are_a_subjects_granted_flows_newest_first_filtered_and_paged()
    {
        var (database, flows) = await OpenAsync();
        await using var _ = database;
        var granted = new (string Id, string Client, string Subject, string Sid, bool Remember, int Minute)[]
        {
            ("a1", "client-a", "alice", "sid-1", true, 1),
            ("a2", "client-b", "alice", "sid-1", false, 2),
            ("a3", "client-a", "alice", "sid-2", true, 3),
            ("a4", "client-b", "alice", "sid-2", true, 4),
            ("b1", "client-a", "bob", "sid-3", true, 5),
        };
        foreach (var g in granted)
        {
            var flow = NewFlow(g.Id, g.Client, sid: g.Sid, requestedAt: Start.AddMinutes(g.Minute));
            await flows.InsertAsync(flow, None);
            await GrantAsync(flows, flow, g.Subject, g.Remember);
        }

        // Flows that never became consent sessions are not listed.
        await flows.InsertAsync(NewFlow("unfinished", subject: "alice", requestedAt: Start.AddMinutes(9)), None);
        var failed = NewFlow("failed", subject: "alice", requestedAt: Start.AddMinutes(10));
        await flows.InsertAsync(failed, None);
        failed.State = FlowState.Failed;
        Assert.True(await flows.UpdateAsync(failed, FlowState.LoginUnused, None));

        static List<string> Ids(List<Flow> page) => [.. page.Select(f => f.Id)];
        Assert.Equal(["a4", "a3", "a2", "a1"], Ids(await flows.ConsentSessionsAsync("alice", null, false, 10, 0, None)));
        Assert.Equal(["a3", "a1"], Ids(await flows.ConsentSessionsAsync("alice", "client-a", false, 10, 0, None)));
        Assert.Equal(["a4", "a3", "a1"], Ids(await flows.ConsentSessionsAsync("alice", null, true, 10, 0, None)));
        Assert.Equal(["a4"], Ids(await flows.ConsentSessionsAsync("alice", "client-b", true, 10, 0, None)));
        Assert.Equal(["a2", "a1"], Ids(await flows.ConsentSessionsAsync("alice", null, false, 10, 0, None, loginSessionId: "sid-1")));
        Assert.Equal(["a4", "a3"], Ids(await flows.ConsentSessionsAsync("alice", null, false, 2, 0, None)));
        Assert.Equal(["a2", "a1"], Ids(await flows.ConsentSessionsAsync("alice", null, false, 2, 2, None)));
        Assert.Empty(await flows.ConsentSessionsAsync("alice", null, false, 2, 4, None));
        Assert.Empty(await flows.ConsentSessionsAsync("carol", null, false, 10, 0, None));

        Assert.Equal(["client-a", "client-b"], (await flows.ClientsOfLoginSessionAsync("sid-1", None)).Order());
        Assert.Equal(["client-a"], await flows.ClientsOfLoginSessionAsync("sid-3", None));
        Assert.Empty(await flows.ClientsOfLoginSessionAsync("sid-unfinished", None));
    }

    [Fact]
    public async Task A_remembered_consent_keeps_its_expiry_and_a_forever_one_has_none()
    {
        var (database, flows) = await OpenAsync();
        await using var _ = database;
        var expiring = NewFlow("expiring");
        var forever = NewFlow("forever", requestedAt: Start.AddMinutes(1));
        await flows.InsertAsync(expiring, None);
        await flows.InsertAsync(forever, None);
        await GrantAsync(flows, expiring, "alice", remember: true, consentExpires: Start.AddHours(1));
        await GrantAsync(flows, forever, "alice", remember: true);

        var sessions = await flows.ConsentSessionsAsync("alice", "client-a", true, 10, 0, None);
        Assert.Equal([("forever", (DateTimeOffset?)null), ("expiring", Start.AddHours(1))], sessions.Select(s => (s.Id, s.ConsentExpiresAt)));
    }

    [Fact]
    public async Task Revoking_consent_deletes_by_subject_by_subject_and_client_or_by_consent_challenge()
    {
        var (database, flows) = await OpenAsync();
        await using var _ = database;
        foreach (var (id, client, subject) in new[] { ("a1", "client-a", "alice"), ("a2", "client-b", "alice"), ("a3", "client-b", "alice"), ("b1", "client-a", "bob") })
        {
            var flow = NewFlow(id, client);
            await flows.InsertAsync(flow, None);
            await GrantAsync(flows, flow, subject, remember: false);
        }

        Assert.True(await flows.DeleteByConsentChallengeAsync("cc-a3", None));
        Assert.False(await flows.DeleteByConsentChallengeAsync("cc-a3", None));
        Assert.Null(await flows.GetByLoginChallengeAsync("a3", None));

        Assert.Equal(1, await flows.DeleteConsentSessionsAsync("alice", "client-b", None));
        Assert.Equal(["a1"], (await flows.ConsentSessionsAsync("alice", null, false, 10, 0, None)).Select(f => f.Id));
        Assert.Equal(0, await flows.DeleteConsentSessionsAsync("alice", "client-b", None));

        Assert.Equal(1, await flows.DeleteConsentSessionsAsync("alice", null, None));
        Assert.Empty(await flows.ConsentSessionsAsync("alice", null, false, 10, 0, None));
        Assert.Equal(["b1"], (await flows.ConsentSessionsAsync("bob", null, false, 10, 0, None)).Select(f => f.Id));
    }
}

public sealed class SqliteFlowStoreTests() : FlowStoreSuite(Backend.Sqlite);

public sealed class PostgresFlowStoreTests() : FlowStoreSuite(Backend.Postgres);

public sealed class MariaDbFlowStoreTests() : FlowStoreSuite(Backend.MariaDb);

using System.Text.Json.Nodes;
using Tessera.Identity.Flows;
using Tessera.Identity.Storage;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Identity.Tests.Storage;

/// <summary>The self-service flow store against a real database; one subclass per backend.</summary>
public abstract class FlowStoreSuite(Backend backend) : BackendSuite(backend)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Issued = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private async Task<(Database Database, FlowStore Store)> OpenAsync()
    {
        var database = Database.Open(await NewDatabaseAsync());
        await new Migrator(database, IdentityService.Descriptor.Migrations!).ApplyAsync(None);
        return (database, new FlowStore(database));
    }

    private static SelfServiceFlow New(string name, DateTimeOffset expires)
    {
        var id = Guid.NewGuid().ToString();
        var ui = new UiContainer($"https://id.test/self-service/{name}?flow={id}");
        ui.SetCsrf("masked-token");
        ui.Nodes.Add(UiNode.Input("traits.email", NodeGroups.Default, NodeTypes.InputEmail, required: true, autocomplete: "email", label: UiMessages.InfoNodeLabelGenerated("E-Mail", "traits.email")));
        return new SelfServiceFlow(id, name, FlowNames.Browser, "https://id.test/self-service/login/browser?return_to=https%3A%2F%2Fapp.test%2F", "https://app.test/",
            Issued, expires, FlowNames.StateChooseMethod, null, ui, "masked-token", null, true, "aal1", Guid.NewGuid().ToString(), "default", "challenge",
            new JsonObject { ["a"] = 1 }, new JsonObject { ["k"] = "v" }, Issued, Issued);
    }

    [Fact]
    public async Task A_flow_round_trips_and_updates()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var flow = New(FlowNames.Login, Issued.AddHours(1));
        await store.CreateAsync(flow, None);

        var read = await store.GetAsync(FlowNames.Login, flow.Id, None);
        Assert.NotNull(read);
        Assert.Equal(flow.ToJson().ToJsonString(), read.ToJson().ToJsonString());
        Assert.Equal("masked-token", read.CsrfToken);
        Assert.True(read.Refresh);
        Assert.Equal("v", (string)read.InternalContext["k"]!);
        Assert.Equal(Issued.AddHours(1), read.ExpiresAt);
        Assert.Null(await store.GetAsync(FlowNames.Registration, flow.Id, None));

        read.Ui.AddMessage(UiMessages.ValidationErrorRequired("email"), "traits.email");
        var changed = read with { State = FlowNames.StateSuccess, Active = "password", UpdatedAt = Issued.AddMinutes(5), TransientPayload = null };
        Assert.True(await store.UpdateAsync(changed, None));
        var updated = await store.GetAsync(FlowNames.Login, flow.Id, None);
        Assert.Equal(FlowNames.StateSuccess, updated!.State);
        Assert.Equal("password", updated.Active);
        Assert.Null(updated.TransientPayload);
        Assert.Equal(4000002, Assert.Single(updated.Ui.Find("traits.email")!.Messages).Id);
        Assert.False(await store.UpdateAsync(New(FlowNames.Login, Issued), None));
    }

    [Fact]
    public async Task A_flow_holding_documents_deeper_than_a_request_may_be_reads_back()
    {
        // What is stored wraps request values (up to 64 levels) in its own structure: it must read again.
        var (database, store) = await OpenAsync();
        await using var _ = database;
        JsonNode deep = 1;
        for (var i = 0; i < 100; i++)
        {
            deep = new JsonObject { ["a"] = deep };
        }

        var flow = New(FlowNames.Login, Issued.AddHours(1)) with { TransientPayload = deep, InternalContext = new JsonObject { ["deep"] = deep.DeepClone() } };
        await store.CreateAsync(flow, None);

        var read = await store.GetAsync(FlowNames.Login, flow.Id, None);
        Assert.Equal(deep.ToJsonString(), read!.TransientPayload!.ToJsonString());
        Assert.Equal(deep.ToJsonString(), read.InternalContext["deep"]!.ToJsonString());
    }

    [Fact]
    public async Task Expired_flows_are_deleted_in_batches()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var expired = Enumerable.Range(0, 5).Select(i => New(FlowNames.Registration, Issued.AddMinutes(i))).ToList();
        var live = New(FlowNames.Login, Issued.AddHours(2));
        foreach (var flow in expired.Append(live))
        {
            await store.CreateAsync(flow, None);
        }

        Assert.Equal(3, await store.DeleteExpiredAsync(Issued.AddHours(1), batchSize: 2, limit: 3, None));
        Assert.Equal(2, await store.DeleteExpiredAsync(Issued.AddHours(1), batchSize: 2, limit: 100, None));
        Assert.Equal(0, await store.DeleteExpiredAsync(Issued.AddHours(1), batchSize: 2, limit: 100, None));
        Assert.NotNull(await store.GetAsync(FlowNames.Login, live.Id, None));
        Assert.Null(await store.GetAsync(FlowNames.Registration, expired[4].Id, None));
    }

    [Fact]
    public async Task Error_containers_round_trip()
    {
        var (database, store) = await OpenAsync();
        await using var _ = database;
        var id = Guid.NewGuid().ToString();
        await store.CreateErrorAsync(id, new JsonObject { ["code"] = 403, ["message"] = "m" }, "csrf", Issued, None);
        var read = await store.GetErrorAsync(id, None);
        Assert.Equal(403, (int)read!.Value.Error["code"]!);
        Assert.Equal(Issued, read.Value.CreatedAt);
        Assert.Null(await store.GetErrorAsync(Guid.NewGuid().ToString(), None));
        Assert.Equal(1, await store.DeleteErrorsAsync(Issued.AddSeconds(1), None));
        Assert.Null(await store.GetErrorAsync(id, None));
    }
}

public sealed class SqliteFlowStoreTests() : FlowStoreSuite(Backend.Sqlite);

public sealed class PostgresFlowStoreTests() : FlowStoreSuite(Backend.Postgres);

public sealed class MariaDbFlowStoreTests() : FlowStoreSuite(Backend.MariaDb);

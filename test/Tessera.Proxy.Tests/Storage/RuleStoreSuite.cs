using System.Data.Common;
using Tessera.Platform.Persistence;
using Tessera.Proxy.Rules.Repositories;
using Tessera.Proxy.Storage;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Storage;

/// <summary>The SQL rule table and the SQL rule source against a real database; one subclass per backend.</summary>
public abstract class RuleStoreSuite(Backend backend) : BackendSuite(backend)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    internal static string Rule(string id, string path = "one")
        => $$$"""{"id":"{{{id}}}","match":{"url":"https://api.test/{{{path}}}","methods":["GET"]}}""";

    private static Dictionary<string, string> Config(string dsn, string refresh = "0s")
    {
        var config = ProxyTestRuntime.Repositories(dsn);
        config["access_rules.refresh_interval"] = refresh;
        return config;
    }

    private async Task<(string Dsn, Database Database, RuleStore Store)> MigratedAsync()
    {
        var dsn = await NewDatabaseAsync();
        var database = Database.Open(dsn);
        Assert.Equal(1, await new Migrator(database, RuleStore.Migrations).ApplyAsync(None));
        return (dsn, database, new RuleStore(database));
    }

    private static async Task ExecuteAsync(Database database, string sql, params (string, object)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(None);
        await using var command = SqlCommand.Create(connection, null, sql, parameters);
        await command.ExecuteNonQueryAsync(None);
    }

    [Fact]
    public async Task Create_get_list_replace_and_delete()
    {
        var (_, database, store) = await MigratedAsync();
        await using var _ = database;
        Assert.Equal(RuleWrite.Created, await store.CreateAsync("b", Rule("b"), Now, None));
        Assert.Equal(RuleWrite.Created, await store.CreateAsync("a", Rule("a"), Now.AddSeconds(1), None));
        Assert.Equal(RuleWrite.Conflict, await store.CreateAsync("b", Rule("b", "other"), Now, None));
        Assert.Equal(RuleWrite.Created, await store.CreateAsync("B", Rule("B"), Now.AddSeconds(2), None));

        var b = await store.GetAsync("b", None);
        Assert.NotNull(b);
        Assert.Equal((Rule("b"), Now, Now), (b.Document, b.CreatedAt, b.UpdatedAt));
        Assert.Null(await store.GetAsync("absent", None));

        // Creation order, then paged.
        Assert.Equal(["b", "a", "B"], (await store.AllAsync(None)).Select(r => r.Id));
        Assert.Equal(["a"], (await store.ListAsync(1, 1, None)).Select(r => r.Id));

        Assert.Equal(RuleWrite.Replaced, await store.ReplaceAsync("b", Rule("b", "two"), Now.AddMinutes(1), None));
        b = await store.GetAsync("b", None);
        Assert.Equal((Rule("b", "two"), Now, Now.AddMinutes(1)), (b!.Document, b.CreatedAt, b.UpdatedAt));
        Assert.Equal(RuleWrite.Created, await store.ReplaceAsync("c", Rule("c"), Now.AddMinutes(2), None));
        Assert.Equal(["b", "a", "B", "c"], (await store.AllAsync(None)).Select(r => r.Id));

        Assert.Equal(RuleWrite.Deleted, await store.DeleteAsync("a", None));
        Assert.Equal(RuleWrite.NotFound, await store.DeleteAsync("a", None));
        Assert.Equal(["b", "B", "c"], (await store.AllAsync(None)).Select(r => r.Id));
    }

    [Fact]
    public async Task Serve_creates_no_table_and_says_to_run_the_migration_which_creates_it()
    {
        var dsn = await NewDatabaseAsync();
        using (var runtime = await ProxyTestRuntime.StartAsync(Config(dsn)))
        {
            var reason = runtime.Rules.NotReadyReason();
            Assert.Contains("access_rules.repositories[0] (", reason, StringComparison.Ordinal);
            Assert.Contains("the table proxy_access_rules is missing", reason, StringComparison.Ordinal);
            Assert.Contains("tessera migrate sql --service proxy", reason, StringComparison.Ordinal);
            Assert.DoesNotContain(PostgresServer.Password, reason, StringComparison.Ordinal);
            Assert.DoesNotContain(MariaDbServer.Password, reason, StringComparison.Ordinal);
        }

        await using var database = Database.Open(dsn);
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(database, "SELECT COUNT(*) FROM proxy_access_rules"));

        Assert.Equal(1, await new Migrator(database, ProxyService.Descriptor.Migrations!).ApplyAsync(None));
        await ExecuteAsync(database, "SELECT COUNT(*) FROM proxy_access_rules");
        Assert.Equal(RuleWrite.Created, await new RuleStore(database).CreateAsync("one", Rule("one"), Now, None));

        using var started = await ProxyTestRuntime.StartAsync(Config(dsn));
        Assert.Null(started.Rules.NotReadyReason());
        Assert.Equal("one", started.Rules.Current.Match("GET", "https://api.test/one").Rule?.Id);
    }

    [Fact]
    public async Task A_row_without_an_id_in_its_document_takes_the_rows_id_and_a_mismatch_or_bad_row_keeps_the_last_rules()
    {
        var (dsn, database, store) = await MigratedAsync();
        await using var _ = database;
        await store.CreateAsync("one", """{"match":{"url":"https://api.test/one","methods":["GET"]}}""", Now, None);
        using var runtime = await ProxyTestRuntime.StartAsync(Config(dsn));
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));
        var source = runtime.Rules.Sources[0];

        await store.CreateAsync("two", Rule("other"), Now.AddSeconds(1), None);
        await source.LoadAsync(None);
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));
        Assert.Contains("row \"two\": the document's id is not the row's id", runtime.Rules.NotReadyReason(), StringComparison.Ordinal);

        await store.ReplaceAsync("two", "{not json", Now.AddSeconds(2), None);
        await source.LoadAsync(None);
        Assert.Contains("row \"two\": the document is not JSON", runtime.Rules.NotReadyReason(), StringComparison.Ordinal);

        await store.ReplaceAsync("two", """{"id":"two","match":{"url":"https://api.test/<[>","methods":["GET"]}}""", Now.AddSeconds(3), None);
        await source.LoadAsync(None);
        Assert.Contains("rule \"two\": match.url", runtime.Rules.NotReadyReason(), StringComparison.Ordinal);
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));

        await store.ReplaceAsync("two", Rule("two", "two"), Now.AddSeconds(4), None);
        await source.LoadAsync(None);
        Assert.Null(runtime.Rules.NotReadyReason());
        Assert.Equal(["one", "two"], runtime.Rules.Current.Rules.Select(r => r.Id));
    }

    [Fact]
    public async Task A_refresh_sees_a_row_written_by_another_instance()
    {
        var (dsn, database, _) = await MigratedAsync();
        await using var __ = database;
        using var writer = await ProxyTestRuntime.StartAsync(Config(dsn));
        using var reader = await ProxyTestRuntime.StartAsync(Config(dsn, "50ms"));
        Assert.Equal("No rules found.", reader.Rules.NotReadyReason());

        var change = await writer.RuleAdmin!.CreateAsync((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(Rule("one"))!, None);
        Assert.Equal(RuleWrite.Created, change.Write);
        // In force on the writing instance before the call returned; on the other within its refresh interval.
        Assert.Equal(["one"], writer.Rules.Current.Rules.Select(r => r.Id));
        Assert.True(await ProxyTestRuntime.EventuallyAsync(() => reader.Rules.Current.Find("one") is not null));
        Assert.Null(reader.Rules.NotReadyReason());

        Assert.Equal(RuleWrite.Deleted, await writer.RuleAdmin.DeleteAsync("one", None));
        Assert.Empty(writer.Rules.Current.Rules);
        Assert.True(await ProxyTestRuntime.EventuallyAsync(() => reader.Rules.Current.Rules.Count == 0));
    }

    [Fact]
    public async Task A_dropped_table_keeps_the_last_rules_and_says_why()
    {
        var (dsn, database, store) = await MigratedAsync();
        await using var _ = database;
        await store.CreateAsync("one", Rule("one"), Now, None);
        using var runtime = await ProxyTestRuntime.StartAsync(Config(dsn));
        var source = runtime.Rules.Sources[0];
        Assert.Null(runtime.Rules.NotReadyReason());

        await ExecuteAsync(database, "DROP TABLE proxy_access_rules");
        await source.LoadAsync(None);
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));
        var reason = runtime.Rules.NotReadyReason();
        Assert.Contains("access_rules.repositories[0] (", reason, StringComparison.Ordinal);
        Assert.Contains("cannot read the rules from the database", reason, StringComparison.Ordinal);
        Assert.Contains("tessera migrate sql --service proxy", reason, StringComparison.Ordinal);
    }
}

public sealed class SqliteRuleStoreTests() : RuleStoreSuite(Backend.Sqlite);

public sealed class PostgresRuleStoreTests() : RuleStoreSuite(Backend.Postgres);

public sealed class MariaDbRuleStoreTests() : RuleStoreSuite(Backend.MariaDb);

using Tessera.Commands;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Tests.Commands;

public sealed class JanitorCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TesseraCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<string> MigratedSqliteAsync(TempFolder folder)
    {
        var dsn = $"sqlite://{folder.File("db.sqlite")}?_fk=true";
        Assert.Equal(0, (await Run("migrate", "sql", dsn, "--yes")).Code);
        return dsn;
    }

    private static async Task InsertTokensAsync(string dsn, int count, DateTimeOffset expiresAt)
    {
        await using var database = Database.Open(dsn);
        await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            for (var i = 0; i < count; i++)
            {
                await using var insert = SqlCommand.Create(connection, transaction,
                    "INSERT INTO oauth2_tokens (kind, signature, request_id, client_id, active, requested_at, expires_at, data) VALUES ('access', @sig, @sig, 'c', 1, @at, @exp, '{}')",
                    ("sig", Guid.NewGuid().ToString()), ("at", database.Dialect.Timestamp(expiresAt.AddHours(-1))), ("exp", database.Dialect.Timestamp(expiresAt)));
                await insert.ExecuteNonQueryAsync(ct);
            }
        }, CancellationToken.None);
    }

    private static async Task<long> TokenCountAsync(string dsn)
    {
        await using var database = Database.Open(dsn);
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var count = SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM oauth2_tokens");
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Deletes_expired_tokens_up_to_the_limit_and_says_how_many()
    {
        using var folder = new TempFolder();
        var dsn = await MigratedSqliteAsync(folder);
        await InsertTokensAsync(dsn, 30, DateTimeOffset.UtcNow.AddHours(-1));
        await InsertTokensAsync(dsn, 5, DateTimeOffset.UtcNow.AddHours(1));

        var first = await Run("janitor", dsn, "--tokens", "--limit", "20", "--batch-size", "7");
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("Deleted 20 expired tokens from oauth2_tokens", first.Out);
        Assert.Equal(15, await TokenCountAsync(dsn));

        var second = await Run("janitor", dsn, "--tokens");
        Assert.Contains("Deleted 10 expired tokens", second.Out);
        Assert.Equal(5, await TokenCountAsync(dsn));
    }

    [Fact]
    public async Task Keep_if_younger_keeps_recently_expired_tokens()
    {
        using var folder = new TempFolder();
        var dsn = await MigratedSqliteAsync(folder);
        await InsertTokensAsync(dsn, 3, DateTimeOffset.UtcNow.AddHours(-1));
        await InsertTokensAsync(dsn, 2, DateTimeOffset.UtcNow.AddDays(-2));

        var result = await Run("janitor", dsn, "--tokens", "--keep-if-younger", "24h");
        Assert.Equal(0, result.Code);
        Assert.Equal(3, await TokenCountAsync(dsn));
    }

    [Fact]
    public async Task Dsn_from_the_environment_or_a_config_file()
    {
        using var folder = new TempFolder();
        var dsn = await MigratedSqliteAsync(folder);
        await InsertTokensAsync(dsn, 2, DateTimeOffset.UtcNow.AddHours(-1));
        var (code, output) = await TesseraProcess.RunAsync(["janitor", "-e", "--tokens"], new Dictionary<string, string> { ["DSN"] = dsn });
        Assert.True(code == 0, output);
        Assert.Equal(0, await TokenCountAsync(dsn));

        await InsertTokensAsync(dsn, 2, DateTimeOffset.UtcNow.AddHours(-1));
        var config = folder.File("tessera.yml");
        await File.WriteAllTextAsync(config, $"dsn: \"{dsn}\"\n");
        var fromConfig = await Run("janitor", "-c", config, "--requests", "--tokens", "--grants");
        Assert.True(fromConfig.Code == 0, fromConfig.Err);
        Assert.Contains("login-consent requests", fromConfig.Out);
        Assert.Contains("trusted JWT-bearer issuers", fromConfig.Out);
        Assert.Equal(0, await TokenCountAsync(dsn));
    }

    [Fact]
    public async Task Access_lifespan_deletes_old_access_tokens_whatever_their_expiry()
    {
        using var folder = new TempFolder();
        var dsn = await MigratedSqliteAsync(folder);
        await InsertTokensAsync(dsn, 4, DateTimeOffset.UtcNow.AddMinutes(30)); // requested 30 min ago, valid 30 more
        var kept = await Run("janitor", dsn, "--tokens", "--access-lifespan", "2h");
        Assert.True(kept.Code == 0, kept.Err);
        Assert.Equal(4, await TokenCountAsync(dsn));

        var cleared = await Run("janitor", dsn, "--tokens", "--access-lifespan", "10m");
        Assert.Contains("Deleted 4 access tokens past --access-lifespan", cleared.Out);
        Assert.Equal(0, await TokenCountAsync(dsn));
    }

    [Theory]
    [InlineData("--access-lifespan", "soon", "positive duration")]
    [InlineData("--consent-request-lifespan", "0s", "positive duration")]
    [InlineData("--limit", "0", "greater than 0")]
    [InlineData("--batch-size", "20000", "must not be greater than --limit")]
    [InlineData("--keep-if-younger", "a day", "is not a duration")]
    public async Task Bad_numbers_are_usage_errors(string option, string value, string message)
    {
        var (code, _, error) = await Run("janitor", "sqlite:///tmp/never.sqlite", "--tokens", option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task Without_a_scope_or_a_dsn_it_says_what_is_missing()
    {
        var noScope = await Run("janitor", "sqlite:///tmp/never.sqlite");
        Assert.Equal(2, noScope.Code);
        Assert.Contains("--tokens, --requests, --grants, --sessions or --flows", noScope.Err);

        var noDsn = await Run("janitor", "--tokens");
        Assert.Equal(2, noDsn.Code);
        Assert.Contains("-e", noDsn.Err);
    }

    [Fact]
    public async Task An_unmigrated_database_is_refused()
    {
        using var folder = new TempFolder();
        var (code, _, error) = await Run("janitor", $"sqlite://{folder.File("empty.sqlite")}", "--tokens");
        Assert.Equal(1, code);
        Assert.Contains("migrate", error);
    }

    [Fact]
    public async Task Sessions_deletes_expired_identity_sessions_and_keeps_the_rest()
    {
        using var folder = new TempFolder();
        var dsn = await MigratedSqliteAsync(folder);
        var now = DateTimeOffset.UtcNow;
        await using (var database = Database.Open(dsn))
        {
            var identity = new Identity.Identities.IdentityRecord(Guid.NewGuid().ToString(), "default", [], "active", null, null, null, null, now, now, now);
            await new Identity.Storage.IdentityStore(database).CreateAsync(identity, Identity.Identities.IdentityParts.Empty, CancellationToken.None);
            var store = new Identity.Storage.SessionStore(database);
            foreach (var expires in new[] { now.AddHours(-3), now.AddHours(-2), now.AddMinutes(-1), now.AddHours(1) })
            {
                var session = new Identity.Sessions.SessionRecord(Guid.CreateVersion7().ToString(), identity.Id, true, now, now, expires, "aal1", [], [], now, now);
                await store.InsertAsync(session, Identity.Sessions.SessionToken.Hash(session.Id), CancellationToken.None);
            }
        }

        var mixed = await Run("janitor", dsn, "--sessions", "--tokens");
        Assert.Equal(TesseraCli.UsageError, mixed.Code);
        Assert.Contains("apart", mixed.Err);

        var older = await Run("janitor", dsn, "--sessions", "--keep-if-younger", "1h");
        Assert.True(older.Code == 0, older.Err);
        Assert.Contains("Deleted 2 expired sessions from sessions", older.Out);
        var rest = await Run("janitor", dsn, "--sessions", "--batch-size", "1");
        Assert.Contains("Deleted 1 expired sessions from sessions", rest.Out);
        await using var check = Database.Open(dsn);
        await using var connection = await check.OpenConnectionAsync(CancellationToken.None);
        await using var count = SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM sessions");
        Assert.Equal(1L, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Flows_deletes_expired_self_service_flows_and_old_errors_and_keeps_the_rest()
    {
        using var folder = new TempFolder();
        var dsn = await MigratedSqliteAsync(folder);
        var now = DateTimeOffset.UtcNow;
        await using (var database = Database.Open(dsn))
        {
            var store = new Identity.Storage.FlowStore(database);
            foreach (var expires in new[] { now.AddHours(-3), now.AddHours(-2), now.AddMinutes(-1), now.AddHours(1) })
            {
                var id = Guid.NewGuid().ToString();
                await store.CreateAsync(new Identity.Flows.SelfServiceFlow(
                    id, "settings", "api", "https://id.test/self-service/settings/api", null, expires.AddHours(-1), expires, "show_form", null,
                    new Identity.Flows.UiContainer("https://id.test/self-service/settings?flow=" + id), "", null, false, "aal1", null, null, null, null, [], now, now), CancellationToken.None);
            }

            foreach (var created in new[] { now.AddHours(-3), now.AddMinutes(-90), now.AddMinutes(-5) })
            {
                await store.CreateErrorAsync(Guid.NewGuid().ToString(), new System.Text.Json.Nodes.JsonObject(), "", created, CancellationToken.None);
            }
        }

        var mixed = await Run("janitor", dsn, "--flows", "--requests");
        Assert.Equal(TesseraCli.UsageError, mixed.Code);
        Assert.Contains("apart", mixed.Err);

        var older = await Run("janitor", dsn, "--flows", "--keep-if-younger", "1h");
        Assert.True(older.Code == 0, older.Err);
        Assert.Contains("Deleted 2 expired self-service flows from selfservice_flows", older.Out);
        Assert.Contains("Deleted 1 self-service errors from selfservice_errors", older.Out);
        var rest = await Run("janitor", dsn, "--flows", "--sessions", "--batch-size", "1");
        Assert.True(rest.Code == 0, rest.Err);
        Assert.Contains("Deleted 1 expired self-service flows from selfservice_flows", rest.Out);
        Assert.Contains("Deleted 1 self-service errors from selfservice_errors", rest.Out);
        Assert.Contains("Deleted 0 expired sessions from sessions", rest.Out);
        await using var check = Database.Open(dsn);
        await using var connection = await check.OpenConnectionAsync(CancellationToken.None);
        await using var flows = SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM selfservice_flows");
        Assert.Equal(1L, Convert.ToInt64(await flows.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        await using var errors = SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM selfservice_errors");
        Assert.Equal(1L, Convert.ToInt64(await errors.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}

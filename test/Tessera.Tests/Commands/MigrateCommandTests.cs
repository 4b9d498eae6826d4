using System.Text.RegularExpressions;
using Tessera.Commands;
using Tessera.Testing;

namespace Tessera.Tests.Commands;

public sealed class MigrateCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TesseraCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Status_then_apply_then_status_on_sqlite()
    {
        using var folder = new TempFolder();
        var dsn = $"sqlite://{folder.File("db.sqlite")}?_fk=true";

        var before = await Run("migrate", "status", dsn);
        Assert.Equal(MigrateStatusCommand.PendingExitCode, before.Code);
        Assert.Contains("oauth2", before.Out);
        Assert.Contains("pending", before.Out);

        var apply = await Run("migrate", "sql", dsn, "--yes");
        Assert.Equal(0, apply.Code);
        Assert.Matches(@"Applied [1-9]\d* migration\(s\)\.", apply.Out);

        var again = await Run("migrate", "sql", dsn, "--yes");
        Assert.Equal(0, again.Code);
        Assert.Contains("all migrations are applied already", again.Out);

        var after = await Run("migrate", "status", dsn);
        Assert.Equal(0, after.Code);
        Assert.DoesNotContain("pending", after.Out);
    }

    [Fact]
    public async Task The_proxy_rule_table_is_migrated_only_when_the_proxy_is_named()
    {
        using var folder = new TempFolder();
        var dsn = $"sqlite://{folder.File("db.sqlite")}?_fk=true";

        var all = await Run("migrate", "sql", dsn, "--yes");
        Assert.Equal(0, all.Code);
        Assert.DoesNotContain("proxy", all.Out);

        var before = await Run("migrate", "status", dsn, "--service", "proxy");
        Assert.Equal(MigrateStatusCommand.PendingExitCode, before.Code);
        Assert.Contains("access_rules", before.Out);

        var proxy = await Run("migrate", "sql", dsn, "--service", "proxy", "--yes");
        Assert.Equal(0, proxy.Code);
        Assert.Contains("Applied 1 migration(s).", proxy.Out);
        Assert.Equal(0, (await Run("migrate", "status", dsn, "--service", "proxy")).Code);

        await using var database = Tessera.Platform.Persistence.Database.Open(dsn);
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = Tessera.Platform.Persistence.SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM proxy_access_rules");
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Dsn_from_the_environment_with_e()
    {
        using var folder = new TempFolder();
        var dsn = $"sqlite://{folder.File("db.sqlite")}";
        var (code, output) = await TesseraProcess.RunAsync(["migrate", "sql", "-e", "--yes"], new Dictionary<string, string> { ["DSN"] = dsn });
        Assert.True(code == 0, output);
        Assert.Contains("Applied", output);
    }

    [Fact]
    public async Task Missing_dsn_is_a_usage_error_that_says_what_to_do()
    {
        var (code, _, error) = await Run("migrate", "sql", "--yes");
        Assert.Equal(2, code);
        Assert.Contains("DSN", error);
    }

    [Fact]
    public async Task Bad_dsn_parameter_is_named_and_the_password_is_not_shown()
    {
        var (code, _, error) = await Run("migrate", "status", "postgres://u:hunter2secret@127.0.0.1:1/db?sslmode=sometimes");
        Assert.Equal(2, code);
        Assert.Contains("sslmode", error);
        Assert.DoesNotContain("hunter2secret", error);
    }

    [Fact]
    public async Task Without_yes_and_no_answer_nothing_is_applied()
    {
        using var folder = new TempFolder();
        var dsn = $"sqlite://{folder.File("db.sqlite")}";
        var (code, output) = await TesseraProcess.RunAsync(["migrate", "sql", dsn]);
        Assert.Equal(1, code);
        Assert.Contains("--yes", output);
        var status = await Run("migrate", "status", dsn);
        Assert.Equal(MigrateStatusCommand.PendingExitCode, status.Code);
    }

    [Fact]
    public async Task Two_processes_migrating_postgres_at_once_both_succeed_and_apply_once()
    {
        var server = await PostgresServer.GetAsync();
        var dsn = await server.CreateDatabaseAsync(CancellationToken.None);
        await TwoProcessesAtOnce(dsn);
    }

    [Fact]
    public async Task Two_processes_migrating_mariadb_at_once_both_succeed_and_apply_once()
    {
        var server = await MariaDbServer.GetAsync();
        var dsn = await server.CreateDatabaseAsync(CancellationToken.None);
        await TwoProcessesAtOnce(dsn);
    }

    private static async Task TwoProcessesAtOnce(string dsn)
    {
        var first = TesseraProcess.RunAsync(["migrate", "sql", dsn, "--yes"]);
        var second = TesseraProcess.RunAsync(["migrate", "sql", dsn, "--yes"]);
        var results = await Task.WhenAll(first, second);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        // Exactly one of them applied the migrations; the other found them applied (or applied 0).
        var applied = results.Count(r => Regex.IsMatch(r.Output, @"Applied [1-9]\d* migration\(s\)\."));
        Assert.Equal(1, applied);
        var status = await Run("migrate", "status", dsn);
        Assert.Equal(0, status.Code);
    }
}

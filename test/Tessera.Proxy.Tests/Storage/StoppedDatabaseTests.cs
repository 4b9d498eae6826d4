using Tessera.Platform.Persistence;
using Tessera.Proxy.Storage;
using Tessera.Testing;

namespace Tessera.Proxy.Tests.Storage;

/// <summary>A database server that goes away (behind a relay the test stops) and comes back.</summary>
public sealed class StoppedDatabaseTests : IDisposable
{
    private readonly TestDatabases databases = new();

    public void Dispose() => databases.Dispose();

    [Theory]
    [InlineData(Backend.Postgres)]
    [InlineData(Backend.MariaDb)]
    public async Task A_stopped_database_keeps_the_last_rules_says_why_and_recovers(Backend backend)
    {
        var direct = await databases.NewAsync(backend);
        await using (var database = Database.Open(direct))
        {
            await new Migrator(database, RuleStore.Migrations).ApplyAsync(CancellationToken.None);
            await new RuleStore(database).CreateAsync("one", RuleStoreSuite.Rule("one"), DateTimeOffset.UtcNow, CancellationToken.None);
        }

        var (relay, dsn) = TcpRelay.For(direct);
        using var _ = relay;
        var config = ProxyTestRuntime.Repositories(dsn);
        config["access_rules.refresh_interval"] = "0s";
        using var runtime = await ProxyTestRuntime.StartAsync(config);
        var source = runtime.Rules.Sources[0];
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));

        relay.Stop();
        await source.LoadAsync(CancellationToken.None);
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));
        Assert.Contains("cannot read the rules from the database", runtime.Rules.NotReadyReason(), StringComparison.Ordinal);

        relay.Start();
        // The pool may hand out a connection the stop cut; the read after that one opens a fresh one.
        for (var attempt = 0; attempt < 5 && runtime.Rules.NotReadyReason() is not null; attempt++)
        {
            await source.LoadAsync(CancellationToken.None);
        }

        Assert.Null(runtime.Rules.NotReadyReason());
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));
    }
}

using System.Data;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class PostgresTransactionRetryTests
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task A_real_serialization_failure_is_retried_until_both_increments_land()
    {
        var server = await PostgresServer.GetAsync();
        await using var db = Database.Open(await server.CreateDatabaseAsync(Ct));
        await db.InTransactionAsync(
            (connection, transaction, ct) => DatabaseSuite.ExecuteAsync(connection, transaction, "CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL); INSERT INTO counter VALUES (1, 0)", ct),
            Ct);

        // Both transactions read the counter before either writes, so under SERIALIZABLE one of
        // them must fail with 40001 and only succeeds when run again.
        using var bothRead = new Barrier(2);
        var attempts = 0;
        async Task<int> IncrementAsync()
        {
            var first = true;
            return await db.InTransactionAsync(
                IsolationLevel.Serializable,
                async (connection, transaction, ct) =>
                {
                    Interlocked.Increment(ref attempts);
                    await using var read = connection.CreateCommand();
                    read.Transaction = transaction;
                    read.CommandText = "SELECT n FROM counter WHERE id = 1";
                    var n = (int)(await read.ExecuteScalarAsync(ct))!;
                    if (first)
                    {
                        first = false;
                        bothRead.SignalAndWait(TimeSpan.FromSeconds(30), ct);
                    }

                    await DatabaseSuite.ExecuteAsync(connection, transaction, "UPDATE counter SET n = @n WHERE id = 1", ct, ("n", n + 1));
                    return n + 1;
                },
                Ct);
        }

        var results = await Task.WhenAll(Task.Run(IncrementAsync), Task.Run(IncrementAsync));

        Assert.Equal([1, 2], results.Order());
        Assert.Equal(2L, await DatabaseSuite.ScalarAsync(db, "SELECT n FROM counter WHERE id = 1"));
        Assert.True(attempts >= 3, $"expected a retry, saw {attempts} attempts");
        Assert.True(db.PoolStats.TransactionRetries >= 1);
    }

    [Fact]
    public async Task Serialization_failures_give_up_after_the_last_attempt()
    {
        var server = await PostgresServer.GetAsync();
        await using var db = Database.Open(await server.CreateDatabaseAsync(Ct));
        var attempts = 0;

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.InTransactionAsync<int>(
            async (connection, transaction, ct) =>
            {
                Interlocked.Increment(ref attempts);
                await DatabaseSuite.ExecuteAsync(connection, transaction, "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$", ct);
                return 0;
            },
            Ct));

        Assert.Equal("40001", error.SqlState);
        Assert.Equal(db.MaxTransactionAttempts, attempts);
    }

    [Fact]
    public async Task Ping_is_false_when_nothing_listens_and_the_error_hides_the_password()
    {
        await using var db = Database.Open($"postgres://u:hunter2-secret@127.0.0.1:{FreePort.Next()}/d?sslmode=disable&connect_timeout=2");

        Assert.False(await db.PingAsync(Ct));
        Assert.DoesNotContain("hunter2-secret", db.Dsn.ToString(), StringComparison.Ordinal);
    }
}

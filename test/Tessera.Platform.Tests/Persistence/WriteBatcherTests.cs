using System.Data.Common;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class WriteBatcherTests : IDisposable
{
    private readonly TempFolder folder = new("tessera-batcher");

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token;

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Concurrent_batched_writes_are_all_committed()
    {
        await using var db = await OpenAsync("all.sqlite");

        await Task.WhenAll(Enumerable.Range(0, 500).Select(n => Task.Run(() => InsertAsync(db, n))));

        Assert.Equal(500L, await CountAsync(db));
    }

    [Fact]
    public async Task A_failing_write_fails_alone_and_its_batch_mates_are_committed()
    {
        await using var db = await OpenAsync("alone.sqlite");
        await InsertAsync(db, 7);

        var writes = Enumerable.Range(0, 200).Select(n => Task.Run(() => InsertAsync(db, n))).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return true;
            }
            catch (DbException)
            {
                return false;
            }
        }));

        Assert.Equal(1, outcomes.Count(ok => !ok)); // 7 was there already: the primary key refuses it
        Assert.Equal(200L, await CountAsync(db));
    }

    [Fact]
    public async Task Disposing_the_database_commits_what_is_queued()
    {
        var db = await OpenAsync("drain.sqlite");
        var writes = Enumerable.Range(0, 100).Select(n => InsertAsync(db, n)).ToList();
        await db.DisposeAsync();

        await Task.WhenAll(writes);
        await using var again = Database.Open($"sqlite://{folder.File("drain.sqlite")}");
        Assert.Equal(100L, await CountAsync(again));
    }

    private async Task<Database> OpenAsync(string name)
    {
        var db = Database.Open($"sqlite://{folder.File(name)}");
        await db.InTransactionAsync(async (c, t, ct) =>
        {
            await using var create = SqlCommand.Create(c, t, "CREATE TABLE items (n INTEGER PRIMARY KEY)");
            await create.ExecuteNonQueryAsync(ct);
        }, Ct);
        return db;
    }

    private static Task InsertAsync(Database db, int n)
        => db.InBatchedTransactionAsync(async (c, t, ct) =>
        {
            await using var insert = SqlCommand.Create(c, t, "INSERT INTO items (n) VALUES (@n)", ("n", n));
            await insert.ExecuteNonQueryAsync(ct);
        }, Ct);

    private static async Task<long> CountAsync(Database db)
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        await using var count = SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM items");
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }
}

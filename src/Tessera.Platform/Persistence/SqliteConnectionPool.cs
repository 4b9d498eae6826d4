using System.Collections.Concurrent;

namespace Tessera.Platform.Persistence;

/// <summary>
/// Open SQLite connections kept for reuse, most recently used first. Each is set up once (the DSN's
/// PRAGMAs) and keeps its prepared statements; Microsoft.Data.Sqlite's own pool is off underneath, as
/// it closes the commands' statements whenever a connection goes back to it.
/// </summary>
internal sealed class SqliteConnectionPool : IAsyncDisposable
{
    private const int DefaultMaxIdle = 16;

    private readonly Dsn dsn;
    private readonly int maxIdle;
    private readonly ConcurrentStack<PooledSqliteConnection> idle = new();
    // The writer's page cache (KiB when negative): large enough for the hot index pages of a big
    // token table, taken only as pages are read.
    private static readonly string[] WriterSetup = ["PRAGMA cache_size = -65536"];

    private PooledSqliteConnection? writer;
    private bool writerInUse;
    private int idleCount;
    private int inUse;
    private volatile bool disposed;

    public SqliteConnectionPool(Dsn dsn)
    {
        this.dsn = dsn;
        maxIdle = Math.Max(1, dsn.Pool.MaxIdleConnections ?? DefaultMaxIdle);
    }

    public int InUse => Volatile.Read(ref inUse);

    public async ValueTask<PooledSqliteConnection> RentAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (idle.TryPop(out var pooled))
        {
            Interlocked.Decrement(ref idleCount);
            Interlocked.Increment(ref inUse);
            return pooled;
        }

        var connection = await OpenAsync(isWriter: false, ct).ConfigureAwait(false);
        Interlocked.Increment(ref inUse);
        return connection;
    }

    /// <summary>
    /// The writer: one connection kept for write transactions, which the caller must serialise. As
    /// the only writer in the process it keeps its page cache between transactions (a reader's cache
    /// is dropped whenever the database changed), so inserts find their index pages in memory.
    /// </summary>
    public async ValueTask<PooledSqliteConnection> RentWriterAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        writer ??= await OpenAsync(isWriter: true, ct).ConfigureAwait(false);
        writerInUse = true;
        Interlocked.Increment(ref inUse);
        return writer;
    }

    /// <summary>Takes a connection back; false when it is to be closed instead (pool full, closed, or the connection unfit).</summary>
    public bool TryReturn(PooledSqliteConnection connection)
    {
        Interlocked.Decrement(ref inUse);
        if (connection.IsWriter)
        {
            writerInUse = false;
            if (disposed || !connection.IsReusable)
            {
                writer = null;
                return false;
            }

            return true;
        }

        if (disposed || !connection.IsReusable)
        {
            return false;
        }

        if (Interlocked.Increment(ref idleCount) > maxIdle)
        {
            Interlocked.Decrement(ref idleCount);
            return false;
        }

        idle.Push(connection);
        if (disposed)
        {
            CloseIdle(); // raced with DisposeAsync
        }

        return true;
    }

    public ValueTask DisposeAsync()
    {
        disposed = true;
        CloseIdle();
        if (!writerInUse && writer is { } kept)
        {
            writer = null;
            kept.CloseForGood();
        }

        return ValueTask.CompletedTask;
    }

    private async Task<PooledSqliteConnection> OpenAsync(bool isWriter, CancellationToken ct)
    {
        var connection = new PooledSqliteConnection(dsn.ConnectionString, this) { IsWriter = isWriter };
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await ConnectionSetup.RunAsync(connection, isWriter ? [.. dsn.SessionSetup, .. WriterSetup] : dsn.SessionSetup, ct).ConfigureAwait(false);
        }
        catch
        {
            connection.CloseForGood();
            throw;
        }

        return connection;
    }

    private void CloseIdle()
    {
        while (idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref idleCount);
            connection.CloseForGood();
        }
    }
}

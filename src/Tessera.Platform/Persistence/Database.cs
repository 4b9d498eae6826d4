using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Npgsql;

namespace Tessera.Platform.Persistence;

/// <summary>
/// One database, opened once per DSN per process: it owns the provider's connection pool (and,
/// for in-memory SQLite, the connection kept open so the data lives as long as the process).
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private const int DefaultMaxAttempts = 5;

    private readonly DbDataSource? dataSource;
    private readonly SqliteConnection? memoryKeeper;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    // SQLite has one write lock per file. Queueing this process's write transactions here, instead of
    // letting them collide on the lock and back off in SQLite's busy handler, keeps writes FIFO and
    // fast; other processes on the same file are still handled by the busy timeout.
    private readonly SemaphoreSlim? sqliteWriter;
    private readonly WriteBatcher? batcher;
    private readonly SqliteConnectionPool? sqlitePool;
    private readonly SqliteCheckpointer? checkpointer;
    private int inUse;
    private long opened;
    private long retries;

    private Database(Dsn dsn, DbDataSource? dataSource, SqliteConnection? memoryKeeper, ILogger logger, TimeProvider time)
    {
        Dsn = dsn;
        Dialect = SqlDialect.For(dsn.Kind);
        this.dataSource = dataSource;
        this.memoryKeeper = memoryKeeper;
        this.logger = logger;
        this.time = time;
        sqliteWriter = dsn.Kind == SqlDialectKind.Sqlite ? new SemaphoreSlim(1, 1) : null;
        batcher = dsn.Kind == SqlDialectKind.Sqlite ? new WriteBatcher(this) : null;
        sqlitePool = dsn.Kind == SqlDialectKind.Sqlite ? new SqliteConnectionPool(dsn) : null;
        checkpointer = sqlitePool is not null && !dsn.IsMemory ? new SqliteCheckpointer(dsn, sqliteWriter!) : null;
    }

    public Dsn Dsn { get; }

    public ISqlDialect Dialect { get; }

    /// <summary>How often <see cref="InTransactionAsync{T}(Func{DbConnection, DbTransaction, CancellationToken, Task{T}}, CancellationToken)"/> tries before giving up.</summary>
    public int MaxTransactionAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>How many WAL checkpoints have run, and how many restarted the WAL (SQLite files only; for tests).</summary>
    internal (long Checkpoints, long Restarts) WalCheckpoints => checkpointer?.Counts ?? default;

    public DatabasePoolStats PoolStats => new(sqlitePool?.InUse ?? Volatile.Read(ref inUse), Dsn.Pool.MaxConnections, Interlocked.Read(ref opened), Interlocked.Read(ref retries));

    public static Database Open(Dsn dsn, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dsn);
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("Tessera.Platform.Persistence.Database");
        DbDataSource? source = dsn.Kind switch
        {
            SqlDialectKind.Postgres or SqlDialectKind.Cockroach => NpgsqlDataSource.Create(dsn.ConnectionString),
            SqlDialectKind.MySql => new MySqlDataSource(dsn.ConnectionString),
            _ => null,
        };

        SqliteConnection? keeper = null;
        if (dsn.Kind == SqlDialectKind.Sqlite)
        {
            // Before this process's first SQLite connection (the in-memory keeper below is one): the library takes its
            // settings only while it holds nothing.
            SqliteLibrary.EnsureConfigured();
        }

        if (dsn.IsMemory)
        {
            // An in-memory SQLite database is dropped when its last connection closes.
            keeper = new SqliteConnection(dsn.ConnectionString);
            keeper.Open();
        }

        PersistenceLog.DatabaseOpened(logger, dsn.Kind, dsn.Redacted);
        return new Database(dsn, source, keeper, logger, time ?? TimeProvider.System);
    }

    public static Database Open(string dsn, ILoggerFactory? loggers = null, TimeProvider? time = null)
        => Open(Dsn.Parse(dsn), loggers, time);

    /// <summary>An open connection from the pool, with the DSN's session settings applied. Dispose it to return it.</summary>
    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        if (sqlitePool is not null)
        {
            var pooled = await sqlitePool.RentAsync(ct).ConfigureAwait(false);
            Interlocked.Increment(ref opened);
            return pooled;
        }

        var connection = dataSource!.CreateConnection();
        connection.StateChange += Count;
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await ConnectionSetup.RunAsync(connection, Dsn.SessionSetup, ct).ConfigureAwait(false);

            Interlocked.Increment(ref opened);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
        => InTransactionAsync(IsolationLevel.Unspecified, work, ct);

    /// <summary>
    /// Like <see cref="InTransactionAsync(Func{DbConnection, DbTransaction, CancellationToken, Task}, CancellationToken)"/>
    /// for independent writes (inserts that need no answer from the database). On SQLite, writes that
    /// arrive while another is committing are committed together in one transaction (group commit);
    /// each caller still returns only after its write is durable. If a shared batch fails, its writes
    /// are retried one by one, so one bad write fails alone.
    /// </summary>
    public Task InBatchedTransactionAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken ct)
        => batcher is null ? InTransactionAsync(work, ct) : batcher.EnqueueAsync(work);

    public Task InTransactionAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken ct)
        => InTransactionAsync<bool>(
            IsolationLevel.Unspecified,
            async (connection, transaction, token) =>
            {
                await work(connection, transaction, token).ConfigureAwait(false);
                return true;
            },
            ct);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction on a fresh connection and commits it. When the
    /// database reports that the transaction lost a race (serialization failure, deadlock, SQLite
    /// busy), it is rolled back and run again after a short random delay, up to
    /// <see cref="MaxTransactionAttempts"/> times; so <paramref name="work"/> must be safe to repeat.
    /// On SQLite every transaction begins IMMEDIATE, taking the write lock at once.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(IsolationLevel isolation, Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(isolation, work, ct).ConfigureAwait(false);
            }
            catch (Exception exception) when (attempt < MaxTransactionAttempts && Dialect.IsSerializationFailure(exception) && !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref retries);
                var delay = RetryDelay(attempt);
                PersistenceLog.TransactionRetry(logger, attempt, exception.GetType().Name + ": " + FirstLine(exception.Message), (int)delay.TotalMilliseconds);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<T> RunOnceAsync<T>(IsolationLevel isolation, Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        if (sqliteWriter is not null)
        {
            await sqliteWriter.WaitAsync(ct).ConfigureAwait(false);
        }

        try
        {
            await using var connection = sqlitePool is null ? await OpenConnectionAsync(ct).ConfigureAwait(false) : await sqlitePool.RentWriterAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(isolation, ct).ConfigureAwait(false);
            var result = await work(connection, transaction, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            checkpointer?.Committed();
            return result;
        }
        finally
        {
            sqliteWriter?.Release();
        }
    }

    /// <summary>True when a connection can be opened and answers a trivial query (for readiness checks).</summary>
    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
        }
        catch (DbException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        batcher?.Dispose();
        checkpointer?.Dispose();
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }

        if (sqlitePool is not null)
        {
            await sqlitePool.DisposeAsync().ConfigureAwait(false);
        }

        if (memoryKeeper is not null)
        {
            await memoryKeeper.DisposeAsync().ConfigureAwait(false);
        }
        else if (Dsn.Kind == SqlDialectKind.Sqlite)
        {
            // Pooled SQLite connections keep the file open; release them so it can be deleted.
            SqliteConnection.ClearAllPools();
        }
    }

    // Exponential backoff from 10 ms with full jitter, so that racing transactions spread apart.
    private static TimeSpan RetryDelay(int attempt)
    {
        var ceiling = 10 << Math.Min(attempt, 8);
        return TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(ceiling / 2, ceiling + 1));
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n');
        return newline < 0 ? text : text[..newline];
    }

    private void Count(object sender, StateChangeEventArgs change)
    {
        if (change.CurrentState == ConnectionState.Open && change.OriginalState != ConnectionState.Open)
        {
            Interlocked.Increment(ref inUse);
        }
        else if (change.OriginalState == ConnectionState.Open && change.CurrentState == ConnectionState.Closed)
        {
            Interlocked.Decrement(ref inUse);
        }
    }
}

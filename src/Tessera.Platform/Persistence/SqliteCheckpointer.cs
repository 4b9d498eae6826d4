using Microsoft.Data.Sqlite;

namespace Tessera.Platform.Persistence;

/// <summary>
/// Checkpoints a SQLite database file's WAL on a thread of its own, so that no write waits while
/// thousands of pages are copied back and synced (the writer connections do not checkpoint:
/// <c>wal_autocheckpoint</c> is 0). While writes happen it runs a PASSIVE checkpoint every
/// <see cref="Interval"/>, which neither waits for nor blocks anyone. A WAL only starts over from its
/// beginning once it is copied back completely, which under steady writes never happens by itself;
/// so once it holds <see cref="DefaultRestartFrames"/> frames (40 MiB of 4 KiB pages), the checkpointer pauses this process's
/// writes and runs a RESTART checkpoint, which has only the last few milliseconds of frames left to
/// copy. Readers are waited for at most <see cref="RestartWait"/>; if one is still busy the WAL just
/// grows until the next round. Other processes on the same file have checkpointers of their own: a
/// checkpoint that finds another one running, or a RESTART that another process's writer or reader
/// blocks, reports itself busy (not an error) and is tried again in a later round; their writers only
/// wait for the write lock in their busy handler meanwhile, as for any other writer.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    public const int DefaultRestartFrames = 10_000;
    private const int RestartWait = 20;

    private readonly Dsn dsn;
    private readonly SemaphoreSlim writes;
    private readonly int restartFrames;
    private readonly SemaphoreSlim wake = new(0);
    private readonly ManualResetEventSlim stop = new(false);
    private readonly Lock gate = new();
    private SqliteConnection? connection;
    private Thread? thread;
    private int dirty;
    private long checkpoints;
    private long restarts;

    /// <param name="writes">The semaphore every write transaction of this process holds.</param>
    public SqliteCheckpointer(Dsn dsn, SemaphoreSlim writes, int restartFrames = DefaultRestartFrames)
    {
        this.dsn = dsn;
        this.writes = writes;
        this.restartFrames = restartFrames;
    }

    /// <summary>How many checkpoints have run, and how many of them restarted the WAL (for tests).</summary>
    internal (long Checkpoints, long Restarts) Counts => (Interlocked.Read(ref checkpoints), Interlocked.Read(ref restarts));

    /// <summary>Tells the checkpointer that a write transaction committed.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref dirty, 1) != 0)
        {
            return; // a checkpoint is due already
        }

        lock (gate)
        {
            if (stop.IsSet)
            {
                return;
            }

            thread ??= StartThread();
        }

        wake.Release();
    }

    /// <summary>Runs a last checkpoint for what is committed, then stops the thread.</summary>
    public void Dispose()
    {
        Thread? running;
        lock (gate)
        {
            stop.Set();
            running = thread;
        }

        wake.Release();
        running?.Join(TimeSpan.FromSeconds(30));
        connection?.Dispose();
    }

    private Thread StartThread()
    {
        var started = new Thread(Run) { IsBackground = true, Name = "Tessera WAL checkpointer" };
        started.Start();
        return started;
    }

    private void Run()
    {
        while (true)
        {
            wake.Wait();
            // Frames gather meanwhile: a checkpoint copies a page once, however often it was rewritten.
            var stopping = stop.Wait(Interval);
            if (Interlocked.Exchange(ref dirty, 0) == 1)
            {
                Checkpoint();
            }

            if (stopping)
            {
                return;
            }
        }
    }

    private void Checkpoint()
    {
        try
        {
            connection ??= Open();
            var (_, frames) = Run(connection, "PASSIVE");
            Interlocked.Increment(ref checkpoints);
            if (frames >= restartFrames)
            {
                writes.Wait();
                try
                {
                    if (!Run(connection, "RESTART").Busy)
                    {
                        Interlocked.Increment(ref restarts);
                    }
                }
                finally
                {
                    writes.Release();
                }
            }
        }
        catch (SqliteException)
        {
            // Busy or failed: nothing is lost, the WAL only grows until a later round succeeds.
        }
    }

    private SqliteConnection Open()
    {
        var opened = new SqliteConnection(dsn.ConnectionString);
        opened.Open();
        using var wait = opened.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout = " + RestartWait;
        wait.ExecuteNonQuery();
        return opened;
    }

    /// <summary>
    /// Runs one checkpoint; returns whether it could not finish (another checkpoint running, or for
    /// RESTART a writer or reader still using the WAL: SQLite reports that in the row, not as an error)
    /// and how many frames the WAL held.
    /// </summary>
    private static (bool Busy, long Frames) Run(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0) != 0, reader.GetInt64(1)) : (true, 0);
    }
}

using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tessera.Platform.Persistence;

/// <summary>
/// Process-wide settings of the SQLite library, applied once before the first connection opens.
/// Memory statistics are turned off: with them on, every allocation SQLite makes takes one global
/// mutex, which concurrent readers (one per request) contend for. Nothing here reads the statistics.
/// Connections are opened in multi-thread mode rather than serialized: each connection then skips its
/// own mutex on every call (every step, every column read), which only guards a connection used by two
/// threads at once — and a pooled connection is held by one request at a time.
/// </summary>
internal static class SqliteLibrary
{
    private const int ConfigMultiThread = 2; // SQLITE_CONFIG_MULTITHREAD
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS
    private static readonly Lazy<bool> Configured = new(Configure);

    public static void EnsureConfigured() => _ = Configured.Value;

    private static bool Configure()
    {
        // Loading the connection type installs the bundled provider (Batteries_V2.Init in its static constructor).
        GC.KeepAlive(new SqliteConnection());
        if (Apply())
        {
            return true;
        }

        // Refused once the library is initialised. Restarting it is safe only while it holds no memory, so no connection.
        if (raw.sqlite3_memory_used() != 0)
        {
            return false;
        }

        raw.sqlite3_shutdown();
        var applied = Apply();
        raw.sqlite3_initialize();
        return applied;
    }

    private static bool Apply()
        => raw.sqlite3_config(ConfigMemStatus, 0) == raw.SQLITE_OK && raw.sqlite3_config(ConfigMultiThread) == raw.SQLITE_OK;

    /// <summary>True when SQLite keeps no memory statistics (what <see cref="EnsureConfigured"/> sets).</summary>
    public static bool MemoryStatisticsOff => Configured.Value;
}

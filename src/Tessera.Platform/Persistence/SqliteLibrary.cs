using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Tessera.Platform.Persistence;

/// <summary>
/// Process-wide settings of the SQLite library, applied once before the first connection opens.
/// Memory statistics are turned off: with them on, every allocation SQLite makes takes one global
/// mutex, which concurrent readers (one per request) contend for. Nothing here reads the statistics.
/// Connections stay serialized: multi-thread mode (no per-connection mutex, 13% less CPU per whoami)
/// was tried and withdrawn after a shared-cache in-memory database failed under concurrent migration.
/// </summary>
internal static class SqliteLibrary
{
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
        => raw.sqlite3_config(ConfigMemStatus, 0) == raw.SQLITE_OK;

    /// <summary>True when SQLite keeps no memory statistics (what <see cref="EnsureConfigured"/> sets).</summary>
    public static bool MemoryStatisticsOff => Configured.Value;
}

using System.Data.Common;

namespace Tessera.Platform.Persistence;

/// <summary>Runs a DSN's session statements (PRAGMAs, SET …) on a connection that was just opened.</summary>
internal static class ConnectionSetup
{
    public static async Task RunAsync(DbConnection connection, IEnumerable<string> statements, CancellationToken ct)
    {
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}

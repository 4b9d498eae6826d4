using System.Data.Common;
using Tessera.Platform.Persistence;

namespace Tessera.Identity.Storage;

/// <summary>
/// The login throttle's counters in <c>identity_login_throttle</c>. A failure is counted with one upsert per
/// counter whose increment (or restart, when the counter was forgotten) the database does in the statement
/// itself, so instances racing on one counter never lose a count. Keys are digests (<c>Throttle/ThrottleKeys</c>).
/// </summary>
internal sealed class LoginThrottleStore(Database database)
{
    public const string Failures = "f";
    public const string Known = "k";

    /// <summary>The empty key: a counter over every identifier or every address.</summary>
    public const string Any = "";

    /// <summary>
    /// Counts one failure for (identifier, address), the identifier and the address. A counter whose last failure
    /// is at or before <paramref name="forgetBefore"/> starts again at 1.
    /// </summary>
    public Task RecordFailureAsync(string identifierKey, string addressKey, long now, long forgetBefore, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            foreach (var (identifier, address) in new[] { (identifierKey, addressKey), (identifierKey, Any), (Any, addressKey) })
            {
                await using var upsert = SqlCommand.Create(connection, transaction, CountFailureSql,
                    ("kind", Failures), ("identifier", identifier), ("address", address), ("now", now), ("forget", forgetBefore));
                await upsert.ExecuteNonQueryAsync(token);
            }
        }, ct);

    /// <summary>The counters that concern an attempt: the pair's, the identifier's, the address's, and whether the pair is known.</summary>
    public async Task<List<ThrottleRow>> ReadAsync(string identifierKey, string addressKey, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null,
            "SELECT kind, identifier_key, address_key, failures, last_at FROM identity_login_throttle WHERE " +
            "(kind = @failures AND identifier_key = @identifier AND address_key IN (@address, @any)) OR " +
            "(kind = @failures AND identifier_key = @any AND address_key = @address) OR " +
            "(kind = @known AND identifier_key = @identifier AND address_key = @address)",
            ("failures", Failures), ("known", Known), ("identifier", identifierKey), ("address", addressKey), ("any", Any));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<ThrottleRow>(4);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ThrottleRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4)));
        }

        return rows;
    }

    /// <summary>Forgets the identifier's failures (from every address) and remembers the address as one it logged in from.</summary>
    public Task RecordSuccessAsync(string identifierKey, string addressKey, long now, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using (var delete = SqlCommand.Create(connection, transaction,
                "DELETE FROM identity_login_throttle WHERE kind = @kind AND identifier_key = @identifier", ("kind", Failures), ("identifier", identifierKey)))
            {
                await delete.ExecuteNonQueryAsync(token);
            }

            await using var known = SqlCommand.Create(connection, transaction,
                database.Dialect.Upsert("identity_login_throttle", ["kind", "identifier_key", "address_key"], ["kind", "identifier_key", "address_key", "failures", "last_at"]),
                ("kind", Known), ("identifier_key", identifierKey), ("address_key", addressKey), ("failures", 0), ("last_at", now));
            await known.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>
    /// Deletes failure counters last touched at or before <paramref name="failuresBefore"/> and known addresses at or
    /// before <paramref name="knownBefore"/>. Best effort: when it loses a lock race with the counting (a deadlock on
    /// MySQL), it deletes nothing and answers -1; the next purge takes the rows.
    /// </summary>
    public async Task<int> PurgeAsync(long failuresBefore, long knownBefore, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null,
            "DELETE FROM identity_login_throttle WHERE (kind = @failures AND last_at <= @failuresBefore) OR (kind = @known AND last_at <= @knownBefore)",
            ("failures", Failures), ("known", Known), ("failuresBefore", failuresBefore), ("knownBefore", knownBefore));
        try
        {
            return await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException e) when (database.Dialect.IsSerializationFailure(e))
        {
            return -1;
        }
    }

    private string CountFailureSql => database.Dialect.Kind == SqlDialectKind.MySql
        ? Insert + " ON DUPLICATE KEY UPDATE " +
          "failures = CASE WHEN last_at <= @forget THEN 1 ELSE failures + 1 END, " +
          "last_at = CASE WHEN last_at > @now THEN last_at ELSE @now END"
        : Insert + " ON CONFLICT (kind, identifier_key, address_key) DO UPDATE SET " +
          "failures = CASE WHEN identity_login_throttle.last_at <= @forget THEN 1 ELSE identity_login_throttle.failures + 1 END, " +
          "last_at = CASE WHEN identity_login_throttle.last_at > @now THEN identity_login_throttle.last_at ELSE @now END";

    private const string Insert = "INSERT INTO identity_login_throttle (kind, identifier_key, address_key, failures, last_at) VALUES (@kind, @identifier, @address, 1, @now)";
}

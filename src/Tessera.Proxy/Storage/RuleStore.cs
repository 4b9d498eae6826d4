using System.Data.Common;
using Tessera.Platform.Persistence;

namespace Tessera.Proxy.Storage;

/// <summary>
/// The proxy's rules in <c>proxy_access_rules</c> (created by <c>tessera migrate sql --service proxy</c>,
/// never by the server): one row per rule, listed in the order they were created.
/// </summary>
internal sealed class RuleStore(Database database)
{
    public const string Table = "proxy_access_rules";

    private const string Columns = "id, document, created_at, updated_at";
    private const string Order = " ORDER BY created_at, id";

    /// <summary>The proxy's migrations (the rule table), for the start-up check and the tests.</summary>
    public static MigrationSet Migrations { get; } = ProxyService.Descriptor.Migrations!;

    public Database Database => database;

    /// <summary>Whether <c>migrate sql --service proxy</c> has been run on this database.</summary>
    public Task<bool> IsMigratedAsync(CancellationToken ct) => new Migrator(database, Migrations).IsUpToDateAsync(ct);

    /// <summary>Every rule, in creation order.</summary>
    public Task<List<StoredRule>> AllAsync(CancellationToken ct) => QueryAsync($"SELECT {Columns} FROM {Table}{Order}", ct);

    /// <summary>A page of the rules, in creation order.</summary>
    public Task<List<StoredRule>> ListAsync(int limit, int offset, CancellationToken ct)
        => QueryAsync($"SELECT {Columns} FROM {Table}{Order} {database.Dialect.Page(limit, offset)}", ct);

    public async Task<StoredRule?> GetAsync(string id, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM {Table} WHERE id = @id", ct, ("id", id))).FirstOrDefault();

    /// <summary>Inserts the rule: <see cref="RuleWrite.Created"/>, or <see cref="RuleWrite.Conflict"/> when its id is taken.</summary>
    public async Task<RuleWrite> CreateAsync(string id, string document, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await database.InTransactionAsync((connection, transaction, token) => InsertAsync(connection, transaction, id, document, now, token), ct);
            return RuleWrite.Created;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return RuleWrite.Conflict;
        }
    }

    /// <summary>Replaces the rule's document (keeping when it was created), or inserts it: <see cref="RuleWrite.Replaced"/> or <see cref="RuleWrite.Created"/>.</summary>
    public async Task<RuleWrite> ReplaceAsync(string id, string document, DateTimeOffset now, CancellationToken ct)
    {
        // A concurrent create of the same id makes the insert collide; the second round then updates.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await database.InTransactionAsync(async (connection, transaction, token) =>
                {
                    await using (var update = SqlCommand.Create(connection, transaction,
                        $"UPDATE {Table} SET document = @document, updated_at = @updated WHERE id = @id",
                        ("document", document), ("updated", database.Dialect.Timestamp(now)), ("id", id)))
                    {
                        if (await update.ExecuteNonQueryAsync(token) > 0)
                        {
                            return RuleWrite.Replaced;
                        }
                    }

                    await InsertAsync(connection, transaction, id, document, now, token);
                    return RuleWrite.Created;
                }, ct);
            }
            catch (DbException e) when (attempt == 1 && database.Dialect.IsUniqueViolation(e))
            {
            }
        }
    }

    /// <summary>Deletes the rule: <see cref="RuleWrite.Deleted"/>, or <see cref="RuleWrite.NotFound"/>.</summary>
    public Task<RuleWrite> DeleteAsync(string id, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var delete = SqlCommand.Create(connection, transaction, $"DELETE FROM {Table} WHERE id = @id", ("id", id));
            return await delete.ExecuteNonQueryAsync(token) > 0 ? RuleWrite.Deleted : RuleWrite.NotFound;
        }, ct);

    private async Task InsertAsync(DbConnection connection, DbTransaction transaction, string id, string document, DateTimeOffset now, CancellationToken ct)
    {
        var at = database.Dialect.Timestamp(now);
        await using var insert = SqlCommand.Create(connection, transaction,
            $"INSERT INTO {Table} (id, document, created_at, updated_at) VALUES (@id, @document, @created, @updated)",
            ("id", id), ("document", document), ("created", at), ("updated", at));
        await insert.ExecuteNonQueryAsync(ct);
    }

    private async Task<List<StoredRule>> QueryAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rules = new List<StoredRule>();
        while (await reader.ReadAsync(ct))
        {
            rules.Add(new StoredRule(reader.GetString(0), reader.GetString(1), database.Dialect.ReadTimestamp(reader, 2), database.Dialect.ReadTimestamp(reader, 3)));
        }

        return rules;
    }
}

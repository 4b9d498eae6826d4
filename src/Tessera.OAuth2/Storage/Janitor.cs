using System.Globalization;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Storage;

/// <summary>
/// Deletes stale rows while the server keeps serving: each routine deletes at most
/// <c>batchSize</c> rows per short transaction, and stops after <c>limit</c> rows (per routine, as
/// Hydra's janitor does) or when a batch comes back short.
/// </summary>
/// <remarks>
/// The cut-off is never later than now, so no caller (the flush endpoint takes it from a request body)
/// can delete what is still valid: an unexpired JWT id must stay to stop a replayed assertion.
/// </remarks>
internal sealed class Janitor(Database database, TimeProvider time)
{
    public const int DefaultLimit = 10_000;
    public const int DefaultBatchSize = 100;

    /// <summary>Runs the routines of <paramref name="scope"/> in order; <paramref name="done"/> hears each as it finishes.</summary>
    public async Task<IReadOnlyList<JanitorCount>> RunAsync(JanitorScope scope, DateTimeOffset notAfter, int limit, int batchSize, Func<JanitorCount, Task>? done, CancellationToken ct, JanitorLifespans? lifespans = null)
    {
        var counts = new List<JanitorCount>();
        async Task Record(JanitorCount count)
        {
            counts.Add(count);
            if (done is not null)
            {
                await done(count);
            }
        }

        if (scope.HasFlag(JanitorScope.Tokens))
        {
            await Record(new("expired tokens", "oauth2_tokens", await FlushExpiredTokensAsync(notAfter, limit, batchSize, ct)));
            await Record(new("inactive tokens", "oauth2_tokens", await FlushInactiveTokensAsync(notAfter, limit, batchSize, ct)));
            if (lifespans?.AccessToken is { } access)
            {
                await Record(new("access tokens past --access-lifespan", "oauth2_tokens", await FlushTokensOlderThanAsync(Protocol.TokenKind.Access, access, notAfter, limit, batchSize, ct)));
            }

            if (lifespans?.RefreshToken is { } refresh)
            {
                await Record(new("refresh tokens past --refresh-lifespan", "oauth2_tokens", await FlushTokensOlderThanAsync(Protocol.TokenKind.Refresh, refresh, notAfter, limit, batchSize, ct)));
            }

            await Record(new("expired JWT ids", "oauth2_jti_blacklist", await FlushJwtIdsAsync(notAfter, limit, batchSize, ct)));
        }

        if (scope.HasFlag(JanitorScope.Requests))
        {
            await Record(new("login-consent requests", "oauth2_flows", await FlushFlowsAsync(notAfter, limit, batchSize, ct)));
            if (lifespans?.ConsentRequest is { } request)
            {
                await Record(new("login-consent requests past --consent-request-lifespan", "oauth2_flows", await FlushUnfinishedFlowsOlderThanAsync(request, notAfter, limit, batchSize, ct)));
            }

            await Record(new("logout requests", "oauth2_logout_requests", await FlushLogoutRequestsAsync(notAfter, limit, batchSize, ct)));
        }

        if (scope.HasFlag(JanitorScope.Grants))
        {
            await Record(new("trusted JWT-bearer issuers", "oauth2_trusted_jwt_issuers", await FlushTrustedIssuersAsync(notAfter, limit, batchSize, ct)));
        }

        return counts;
    }

    /// <summary>
    /// Tokens, codes and sessions whose <c>expires_at</c> is before the cut-off. The token table has no
    /// index on <c>expires_at</c> (every token issued would pay for it), so this walks the primary key.
    /// </summary>
    public Task<long> FlushExpiredTokensAsync(DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct)
        => WalkAndDeleteAsync("oauth2_tokens", ["kind", "signature"], "expires_at < @cutoff", limit, batchSize, ct,
            ("cutoff", database.Dialect.Timestamp(Cutoff(notAfter))));

    /// <summary>
    /// Revoked or used tokens (<c>active = 0</c>) requested before the cut-off. Keeping the younger
    /// ones (<c>--keep-if-younger</c>) keeps what reuse detection of rotated refresh tokens reads.
    /// </summary>
    public Task<long> FlushInactiveTokensAsync(DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct)
        => WalkAndDeleteAsync("oauth2_tokens", ["kind", "signature"], "active = @inactive AND requested_at < @cutoff", limit, batchSize, ct,
            ("cutoff", database.Dialect.Timestamp(Cutoff(notAfter))), ("inactive", database.Dialect.Boolean(false)));

    /// <summary>
    /// Hydra's <c>--access-lifespan</c>/<c>--refresh-lifespan</c>: tokens of <paramref name="kind"/> requested
    /// longer than <paramref name="lifespan"/> before the cut-off, whatever their stored expiry says.
    /// </summary>
    public Task<long> FlushTokensOlderThanAsync(string kind, TimeSpan lifespan, DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct)
        => WalkAndDeleteAsync("oauth2_tokens", ["kind", "signature"], "kind = @kind AND requested_at < @requested", limit, batchSize, ct,
            ("kind", kind), ("requested", database.Dialect.Timestamp(Cutoff(notAfter) - lifespan)));

    /// <summary>Hydra's <c>--consent-request-lifespan</c>: flows that never became a consent session, requested longer ago than <paramref name="lifespan"/>.</summary>
    public Task<long> FlushUnfinishedFlowsOlderThanAsync(TimeSpan lifespan, DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct)
        => WalkAndDeleteAsync("oauth2_flows", ["id"], "state <> @used AND requested_at < @requested", limit, batchSize, ct,
            ("used", Flows.FlowState.ConsentUsed), ("requested", database.Dialect.Timestamp(Cutoff(notAfter) - lifespan)));

    /// <summary>
    /// Deletes rows matching a predicate no index serves. A LIMIT sub-select would rescan the live rows
    /// before the first match on every batch; walking the primary key instead (each batch starts after
    /// the last key of the one before) reads the table once, however the matches are spread.
    /// </summary>
    private async Task<long> WalkAndDeleteAsync(string table, IReadOnlyList<string> keys, string predicate, int limit, int batchSize, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        Check(limit, batchSize);
        var sqlite = database.Dialect.Kind == SqlDialectKind.Sqlite;
        IReadOnlyList<string> walked = sqlite ? ["rowid"] : keys;
        var columns = string.Join(", ", walked);
        string Tuple(string prefix) => "(" + string.Join(", ", walked.Select((_, i) => $"@{prefix}{i}")) + ")";
        object[] last = sqlite ? [long.MinValue] : walked.Select(_ => (object)"").ToArray();
        long total = 0;
        while (total < limit)
        {
            var take = (int)Math.Min(batchSize, limit - total);
            var (deleted, found, next) = await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                var batch = new List<object[]>();
                await using (var select = SqlCommand.Create(connection, transaction,
                    $"SELECT {columns} FROM {table} WHERE {predicate} AND ({columns}) > {Tuple("a")} ORDER BY {columns} " + database.Dialect.Page(take, 0),
                    [.. parameters, .. last.Select((v, i) => ($"a{i}", v))]))
                await using (var reader = await select.ExecuteReaderAsync(token))
                {
                    while (await reader.ReadAsync(token))
                    {
                        batch.Add(sqlite ? [reader.GetInt64(0)] : walked.Select((_, i) => (object)reader.GetString(i)).ToArray());
                    }
                }

                if (batch.Count == 0)
                {
                    return (0, 0, last);
                }

                // Every row in [first, last] that matches is in the batch (or became deletable since).
                await using var delete = SqlCommand.Create(connection, transaction,
                    $"DELETE FROM {table} WHERE {predicate} AND ({columns}) >= {Tuple("f")} AND ({columns}) <= {Tuple("l")}",
                    [.. parameters, .. batch[0].Select((v, i) => ($"f{i}", v)), .. batch[^1].Select((v, i) => ($"l{i}", v))]);
                return (await delete.ExecuteNonQueryAsync(token), batch.Count, batch[^1]);
            }, ct);
            total += deleted;
            last = next;
            if (found < take)
            {
                break;
            }
        }

        return total;
    }

    public Task<long> FlushJwtIdsAsync(DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct)
        => DeleteInBatchesAsync("oauth2_jti_blacklist", ["signature"], "expires_at < @cutoff", notAfter, limit, batchSize, ct);

    /// <summary>
    /// Flows past their own expiry that never became a consent session (abandoned, rejected or failed),
    /// and consent sessions whose remembered consent has expired too. A consent session with
    /// <c>consent_expires_at</c> NULL is kept: it is what consent revocation cascades from.
    /// </summary>
    public Task<long> FlushFlowsAsync(DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct)
        => DeleteInBatchesAsync("oauth2_flows", ["id"],
            "expires_at < @cutoff AND (state <> @used OR (consent_expires_at IS NOT NULL AND consent_expires_at < @cutoff))",
            notAfter, limit, batchSize, ct, ("used", Flows.FlowState.ConsentUsed));

    public Task<long> FlushLogoutRequestsAsync(DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct)
        => DeleteInBatchesAsync("oauth2_logout_requests", ["id"], "expires_at < @cutoff", notAfter, limit, batchSize, ct);

    /// <summary>Expired trust grants; a grant's public key goes with it unless another grant still names it.</summary>
    public async Task<long> FlushTrustedIssuersAsync(DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct)
    {
        Check(limit, batchSize);
        var cutoff = database.Dialect.Timestamp(Cutoff(notAfter));
        long total = 0;
        while (total < limit)
        {
            var take = (int)Math.Min(batchSize, limit - total);
            var deleted = await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                var grants = new List<(string Id, string Set, string Kid)>();
                await using (var select = SqlCommand.Create(connection, transaction,
                    "SELECT id, key_set, key_id FROM oauth2_trusted_jwt_issuers WHERE expires_at < @cutoff ORDER BY id " + database.Dialect.Page(take, 0), ("cutoff", cutoff)))
                await using (var reader = await select.ExecuteReaderAsync(token))
                {
                    while (await reader.ReadAsync(token))
                    {
                        grants.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                    }
                }

                var count = 0;
                foreach (var (id, _, _) in grants)
                {
                    await using var delete = SqlCommand.Create(connection, transaction, "DELETE FROM oauth2_trusted_jwt_issuers WHERE id = @id", ("id", id));
                    count += await delete.ExecuteNonQueryAsync(token);
                }

                foreach (var (set, kid) in grants.Select(g => (g.Set, g.Kid)).Distinct())
                {
                    await using var orphan = SqlCommand.Create(connection, transaction,
                        "DELETE FROM oauth2_jwks WHERE set_id = @set AND kid = @kid AND NOT EXISTS (SELECT 1 FROM oauth2_trusted_jwt_issuers WHERE key_set = @set AND key_id = @kid)",
                        ("set", set), ("kid", kid));
                    await orphan.ExecuteNonQueryAsync(token);
                }

                return count;
            }, ct);
            total += deleted;
            if (deleted < take)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>
    /// The one statement every routine repeats: delete up to <paramref name="take"/> rows matching
    /// <paramref name="predicate"/>, found by key through a sub-select with a LIMIT. Every table it serves
    /// has an index on <c>expires_at</c>; ordering by it makes each batch walk that index, where a table
    /// scan would re-read the rows the batches before deleted (on PostgreSQL dead until vacuumed).
    /// </summary>
    internal static string BatchDeleteSql(SqlDialectKind dialect, string table, IReadOnlyList<string> keys, string predicate, int take)
    {
        var limit = take.ToString(CultureInfo.InvariantCulture);
        switch (dialect)
        {
            case SqlDialectKind.Sqlite:
                // Every table has a rowid; one integer beats a composite text key.
                return $"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE {predicate} ORDER BY expires_at LIMIT {limit})";
            case SqlDialectKind.Postgres:
                // An IN (…) over the key becomes a hash join over the whole table once batches grow;
                // physical row ids make it a TID scan. The predicate is checked again on the row deleted.
                return $"DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {table} WHERE {predicate} ORDER BY expires_at LIMIT {limit})) AND {predicate}";
            case SqlDialectKind.MySql:
                // MySQL refuses LIMIT inside IN (...) and a sub-select of the table being deleted from;
                // a derived table is materialised first, which satisfies both.
                var columns = string.Join(", ", keys);
                return $"DELETE FROM {table} WHERE ({columns}) IN (SELECT {columns} FROM (SELECT {columns} FROM {table} WHERE {predicate} ORDER BY expires_at LIMIT {limit}) AS batch)";
            default:
                var keyList = string.Join(", ", keys);
                return $"DELETE FROM {table} WHERE ({keyList}) IN (SELECT {keyList} FROM {table} WHERE {predicate} ORDER BY expires_at LIMIT {limit})";
        }
    }

    private async Task<long> DeleteInBatchesAsync(string table, IReadOnlyList<string> keys, string predicate, DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct, params (string Name, object Value)[] extra)
    {
        Check(limit, batchSize);
        (string, object)[] parameters = [("cutoff", database.Dialect.Timestamp(Cutoff(notAfter))), .. extra];
        long total = 0;
        while (total < limit)
        {
            var take = (int)Math.Min(batchSize, limit - total);
            var sql = BatchDeleteSql(database.Dialect.Kind, table, keys, predicate, take);
            var deleted = await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                await using var delete = SqlCommand.Create(connection, transaction, sql, parameters);
                return await delete.ExecuteNonQueryAsync(token);
            }, ct);
            total += deleted;
            if (deleted < take)
            {
                break;
            }
        }

        return total;
    }

    private DateTimeOffset Cutoff(DateTimeOffset notAfter)
    {
        var now = time.GetUtcNow();
        return notAfter < now ? notAfter : now;
    }

    private static void Check(int limit, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
    }
}

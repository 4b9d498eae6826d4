using System.Text;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Storage;

/// <summary>
/// Tokens, codes and their grant sessions in <c>oauth2_tokens</c>, keyed by (kind, signature). Every
/// single-use step is a conditional <c>UPDATE … WHERE active</c> so that two requests racing with the
/// same code or refresh token cannot both win. A session's extra claims are sealed when
/// <c>oauth2.session.encrypt_at_rest</c> is on (see <see cref="GrantSessionCodec"/>).
/// </summary>
internal sealed class TokenStore(Database database, SecretBox? box)
{
    private const string Columns = "signature, request_id, active, requested_at, expires_at, data";

    public Task InsertAsync(IReadOnlyList<StoredToken> tokens, CancellationToken ct)
    {
        // Encoded and sealed before the write transaction, which is the one part that runs serially.
        var data = Data(tokens);
        return database.InBatchedTransactionAsync((connection, transaction, token) => InsertAsync(connection, transaction, tokens, data, token), ct);
    }

    public Task<StoredToken?> GetAsync(string kind, string signature, CancellationToken ct)
        => QueryOneAsync($"SELECT {Columns} FROM oauth2_tokens WHERE kind = @kind AND signature = @value", kind, signature, signature, ct);

    /// <summary>The artifact of a kind that belongs to a grant (the device code of a user code).</summary>
    public Task<StoredToken?> GetByRequestAsync(string kind, string requestId, CancellationToken ct)
        => QueryOneAsync($"SELECT {Columns} FROM oauth2_tokens WHERE kind = @kind AND request_id = @value", kind, requestId, null, ct);

    /// <param name="signature">The signature when the query is by signature, so it is not read back.</param>
    private async Task<StoredToken?> QueryOneAsync(string sql, string kind, string value, string? signature, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, sql, ("kind", kind), ("value", value));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        if (GrantSessionCodec.Decode(database.Dialect.ReadUtf8(reader, 5), box) is not { } session)
        {
            return null; // sealed under a secret that is no longer configured, or damaged: the token is unusable
        }

        return new StoredToken(
            kind, signature ?? reader.GetString(0), reader.GetString(1), database.Dialect.ReadBoolean(reader, 2),
            database.Dialect.ReadTimestamp(reader, 3), reader.IsDBNull(4) ? null : database.Dialect.ReadTimestamp(reader, 4),
            session);
    }

    private string[] Data(IReadOnlyList<StoredToken> tokens)
    {
        var data = new string[tokens.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Data(tokens[i].Session);
        }

        return data;
    }

    /// <summary>The <c>data</c> column's value: the session's JSON.</summary>
    private string Data(GrantSession session) => Encoding.UTF8.GetString(GrantSessionCodec.Encode(session, box));

    /// <summary>
    /// Marks a single-use artifact (a code, a refresh token) used and stores what it is exchanged for,
    /// atomically. False, with nothing stored, when it was used already.
    /// </summary>
    public Task<bool> ExchangeAsync(string kind, string signature, IReadOnlyList<StoredToken> issued, CancellationToken ct)
    {
        var data = Data(issued);
        return database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using (var use = SqlCommand.Create(connection, transaction,
                "UPDATE oauth2_tokens SET active = @inactive WHERE kind = @kind AND signature = @signature AND active = @active",
                ("inactive", database.Dialect.Boolean(false)), ("active", database.Dialect.Boolean(true)), ("kind", kind), ("signature", signature)))
            {
                if (await use.ExecuteNonQueryAsync(token) == 0)
                {
                    return false;
                }
            }

            if (kind == TokenKind.Refresh && issued.Count > 0)
            {
                // The access tokens of the rotated refresh token stop working with it.
                await using var revoke = SqlCommand.Create(connection, transaction,
                    "UPDATE oauth2_tokens SET active = @inactive WHERE request_id = @request AND kind = @access",
                    ("inactive", database.Dialect.Boolean(false)), ("request", issued[0].RequestId), ("access", TokenKind.Access));
                await revoke.ExecuteNonQueryAsync(token);
            }

            await InsertAsync(connection, transaction, issued, data, token);
            return true;
        }, ct);
    }

    /// <summary>
    /// Graceful rotation of a refresh token (see <see cref="RefreshRotationGrace"/>): marks it used,
    /// revokes only the access token issued with it (same grant, same issue time) and stores the new
    /// tokens, atomically. The token may be active, or used for the first time less than the grace
    /// period before <paramref name="now"/> and not more often than the reuse count allows; false, with
    /// nothing stored, otherwise.
    /// </summary>
    public Task<bool> RotateRefreshGracefullyAsync(StoredToken refresh, IReadOnlyList<StoredToken> issued, RefreshRotationGrace grace, DateTimeOffset now, CancellationToken ct)
    {
        var data = Data(issued);
        return database.InTransactionAsync(async (connection, transaction, token) =>
        {
            // used_times counts every use, the first included: a reuse is allowed while it is at most the reuse count.
            await using (var use = SqlCommand.Create(connection, transaction,
                "UPDATE oauth2_tokens SET active = @inactive, first_used_at = COALESCE(first_used_at, @now), used_times = used_times + 1 " +
                "WHERE kind = @kind AND signature = @signature AND (active = @active OR (first_used_at > @earliest" +
                (grace.ReuseCount > 0 ? " AND used_times <= " + grace.ReuseCount.ToString(System.Globalization.CultureInfo.InvariantCulture) : "") + "))",
                ("inactive", database.Dialect.Boolean(false)), ("active", database.Dialect.Boolean(true)), ("now", database.Dialect.Timestamp(now)),
                ("kind", TokenKind.Refresh), ("signature", refresh.Signature), ("earliest", database.Dialect.Timestamp(now - grace.Period))))
            {
                if (await use.ExecuteNonQueryAsync(token) == 0)
                {
                    return false;
                }
            }

            await using (var revoke = SqlCommand.Create(connection, transaction,
                "UPDATE oauth2_tokens SET active = @inactive WHERE request_id = @request AND kind = @access AND requested_at = @issued",
                ("inactive", database.Dialect.Boolean(false)), ("request", refresh.RequestId), ("access", TokenKind.Access),
                ("issued", database.Dialect.Timestamp(refresh.RequestedAt))))
            {
                await revoke.ExecuteNonQueryAsync(token);
            }

            await InsertAsync(connection, transaction, issued, data, token);
            return true;
        }, ct);
    }

    /// <summary>Marks a single-use artifact used without issuing anything; false when it was used already.</summary>
    public Task<bool> TryUseAsync(string kind, string signature, CancellationToken ct) => ExchangeAsync(kind, signature, [], ct);

    /// <summary>Replaces the grant session of a still-active artifact (a device code being authorized); false when it is gone or used.</summary>
    public Task<bool> UpdateSessionAsync(string kind, string signature, GrantSession session, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var update = SqlCommand.Create(connection, transaction,
                "UPDATE oauth2_tokens SET data = @data, subject = @subject, flow_id = @flow, session_id = @session WHERE kind = @kind AND signature = @signature AND active = @active",
                ("data", Data(session)), ("subject", session.Subject), ("flow", (object?)session.FlowId ?? DBNull.Value),
                ("session", (object?)session.SessionId ?? DBNull.Value), ("kind", kind), ("signature", signature), ("active", database.Dialect.Boolean(true)));
            return await update.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    /// <summary>
    /// Records a poll of a device code unless the last recorded one was less than
    /// <paramref name="interval"/> before <paramref name="now"/> (RFC 8628 §3.5); false when polled too soon.
    /// </summary>
    public Task<bool> TryRecordPollAsync(string signature, DateTimeOffset now, TimeSpan interval, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var update = SqlCommand.Create(connection, transaction,
                "UPDATE oauth2_tokens SET polled_at = @now WHERE kind = @kind AND signature = @signature AND (polled_at IS NULL OR polled_at <= @earliest)",
                ("now", database.Dialect.Timestamp(now)), ("kind", TokenKind.DeviceCode), ("signature", signature),
                ("earliest", database.Dialect.Timestamp(now - interval)));
            return await update.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    /// <summary>Deactivates every token of one grant (a replayed code, a reused refresh token, a revocation).</summary>
    public Task<int> RevokeRequestAsync(string requestId, CancellationToken ct, string? onlyKind = null)
        => UpdateAsync("request_id = @value" + (onlyKind is null ? "" : " AND kind = @kind"), requestId, onlyKind, ct);

    /// <summary>
    /// Deactivates the tokens a subject was granted through consent, optionally for one client (consent
    /// revocation). Tokens issued without a consent flow (client_credentials, jwt-bearer) are not
    /// consented to, as in Hydra, and only flow-bound tokens are in the subject index.
    /// </summary>
    public Task<int> RevokeSubjectAsync(string subject, string? clientId, CancellationToken ct)
        => clientId is null
            ? UpdateAsync("subject = @value AND flow_id IS NOT NULL", subject, null, ct)
            : UpdateAsync("subject = @value AND flow_id IS NOT NULL AND client_id = @kind", subject, clientId, ct);

    /// <summary>Deactivates the tokens granted through one consent flow.</summary>
    public Task<int> RevokeFlowAsync(string flowId, CancellationToken ct) => UpdateAsync("flow_id = @value", flowId, null, ct);

    /// <summary>Deletes a client's access and refresh tokens (Hydra's <c>DELETE /admin/oauth2/tokens</c>).</summary>
    public Task<int> DeleteClientTokensAsync(string clientId, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var delete = SqlCommand.Create(connection, transaction,
                "DELETE FROM oauth2_tokens WHERE client_id = @client AND kind IN (@access, @refresh)",
                ("client", clientId), ("access", TokenKind.Access), ("refresh", TokenKind.Refresh));
            return await delete.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Revokes matching tokens; a used refresh token's grace period ends with it (first_used_at cleared).</summary>
    private Task<int> UpdateAsync(string where, string value, string? kind, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var update = SqlCommand.Create(connection, transaction,
                "UPDATE oauth2_tokens SET active = @inactive, first_used_at = NULL WHERE (active = @active OR first_used_at IS NOT NULL) AND " + where,
                [("inactive", database.Dialect.Boolean(false)), ("active", database.Dialect.Boolean(true)), ("value", value), .. kind is null ? Array.Empty<(string, object)>() : [("kind", kind)]]);
            return await update.ExecuteNonQueryAsync(token);
        }, ct);

    private async Task InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, IReadOnlyList<StoredToken> tokens, string[] data, CancellationToken ct)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            await using var insert = SqlCommand.Create(connection, transaction,
                "INSERT INTO oauth2_tokens (kind, signature, request_id, client_id, subject, flow_id, session_id, active, requested_at, expires_at, data) " +
                "VALUES (@kind, @signature, @request, @client, @subject, @flow, @session, @active, @requested, @expires, @data)",
                ("kind", t.Kind), ("signature", t.Signature), ("request", t.RequestId), ("client", t.Session.ClientId), ("subject", t.Session.Subject),
                ("flow", (object?)t.Session.FlowId ?? DBNull.Value), ("session", (object?)t.Session.SessionId ?? DBNull.Value),
                ("active", database.Dialect.Boolean(t.Active)), ("requested", database.Dialect.Timestamp(t.RequestedAt)),
                ("expires", t.ExpiresAt is { } e ? database.Dialect.Timestamp(e) : DBNull.Value),
                ("data", data[i]));
            await insert.ExecuteNonQueryAsync(ct);
        }
    }
}

using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;
using Tessera.Platform.Json;
using Tessera.Platform.Persistence;

namespace Tessera.Identity.Storage;

/// <summary>
/// Sessions in <c>sessions</c> (the token only as its SHA-256, looked up by it) and their devices in
/// <c>session_devices</c>. An insert can join a transaction the caller opened, so a registration writes
/// the identity, its credentials and its session at once.
/// </summary>
internal sealed class SessionStore(Database database)
{
    private const string Columns = "id, identity_id, active, issued_at, authenticated_at, expires_at, aal, authentication_methods, created_at, updated_at, token_hash";

    // The parts of the session read by token hash: its devices and the identity's addresses, as rows of (kind, id, two texts,
    // verified, a text, verified_at, created_at, updated_at, order): kind 0 a device (ip, agent, location; by creation then
    // id), 1 a verifiable address (via, value, verified, status, verified_at), 2 a recovery address (via, value); addresses by
    // id, as IdentityStore.PartsAsync reads them.
    private const string PartsByTokenHash =
        "SELECT 0, d.id, d.ip_address, d.user_agent, NULL, d.location, NULL, d.created_at, d.updated_at, d.created_at{0} " +
        "FROM sessions s JOIN session_devices d ON d.session_id = s.id WHERE s.token_hash = @hash " +
        "UNION ALL SELECT 1, a.id, a.via, a.address_value, a.verified, a.status, a.verified_at, a.created_at, a.updated_at, NULL{0} " +
        "FROM sessions s JOIN identity_verifiable_addresses a ON a.identity_id = s.identity_id WHERE s.token_hash = @hash " +
        "UNION ALL SELECT 2, r.id, r.via, r.address_value, NULL, NULL, NULL, r.created_at, r.updated_at, NULL{0} " +
        "FROM sessions s JOIN identity_recovery_addresses r ON r.identity_id = s.identity_id WHERE s.token_hash = @hash ";

    private const int PartsColumns = 10;

    private static readonly int SessionIdentityColumns = Columns.Split(", ").Length + IdentityStore.Columns.Split(", ").Length;

    /// <summary>
    /// <see cref="GetWithIdentityByTokenHashAsync"/>'s command: two statements, the session joined with its identity, then the
    /// parts (<see cref="PartsByTokenHash"/>).
    /// </summary>
    private static readonly string WithIdentityByTokenHash =
        $"SELECT {Prefixed("s", Columns)}, {Prefixed("i", IdentityStore.Columns)} FROM sessions s JOIN identities i ON i.id = s.identity_id WHERE s.token_hash = @hash;\n" +
        string.Format(PartsByTokenHash, "") + "ORDER BY 1, 10, 2";

    /// <summary>
    /// SQLite's form of the same read as one statement, so that it is one read transaction (each takes the database file's
    /// lock and the WAL's shared-memory mutex, which concurrent requests contend for): the session joined with its identity
    /// is the row of kind -1, its columns from ordinal 1; the parts' rows are padded with NULLs to the same width. Only
    /// SQLite: the other databases refuse a union whose columns change type.
    /// </summary>
    private static readonly string WithIdentityByTokenHashInOne =
        $"SELECT -1, {Prefixed("s", Columns)}, {Prefixed("i", IdentityStore.Columns)} FROM sessions s JOIN identities i ON i.id = s.identity_id WHERE s.token_hash = @hash " +
        "UNION ALL " + string.Format(PartsByTokenHash, string.Concat(Enumerable.Repeat(", NULL", SessionIdentityColumns + 1 - PartsColumns))) + "ORDER BY 1, 10, 2";

    public Database Database => database;

    /// <summary>Inserts the session and its devices in a transaction of its own.</summary>
    public Task InsertAsync(SessionRecord session, string tokenHash, CancellationToken ct)
        => database.InTransactionAsync((connection, transaction, token) => InsertAsync(connection, transaction, session, tokenHash, token), ct);

    /// <summary>Inserts the session and its devices in the caller's transaction.</summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, SessionRecord session, string tokenHash, CancellationToken ct)
    {
        var dialect = database.Dialect;
        await using (var insert = SqlCommand.Create(connection, transaction,
            $"INSERT INTO sessions ({Columns}) VALUES (@id, @identity, @active, @issued, @authenticated, @expires, @aal, @methods, @created, @updated, @hash)",
            ("id", session.Id), ("identity", session.IdentityId), ("active", dialect.Boolean(session.Active)),
            ("issued", dialect.Timestamp(session.IssuedAt)), ("authenticated", dialect.Timestamp(session.AuthenticatedAt)),
            ("expires", dialect.Timestamp(session.ExpiresAt)), ("aal", session.Aal), ("methods", MethodsJson(session.Methods)),
            ("created", dialect.Timestamp(session.CreatedAt)), ("updated", dialect.Timestamp(session.UpdatedAt)), ("hash", tokenHash)))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        foreach (var device in session.Devices)
        {
            await using var insert = SqlCommand.Create(connection, transaction,
                "INSERT INTO session_devices (id, session_id, identity_id, ip_address, user_agent, location, created_at, updated_at) " +
                "VALUES (@id, @session, @identity, @ip, @agent, @location, @created, @updated)",
                ("id", device.Id), ("session", session.Id), ("identity", session.IdentityId), ("ip", Nullable(device.IpAddress)),
                ("agent", Nullable(device.UserAgent)), ("location", Nullable(device.Location)),
                ("created", dialect.Timestamp(session.CreatedAt)), ("updated", dialect.Timestamp(session.UpdatedAt)));
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The session whose token hashes to <paramref name="tokenHash"/> with the stored hash, or null.</summary>
    public async Task<(SessionRecord Session, string StoredHash)?> GetByTokenHashAsync(string tokenHash, CancellationToken ct)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM sessions WHERE token_hash = @hash", ct, ("hash", tokenHash));
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// The session whose token hashes to <paramref name="tokenHash"/> with its devices, its identity and the identity's
    /// addresses (no credentials), and the stored hash; null when no session has it. One connection and one round
    /// trip: a command of two statements, the session joined with its identity, then its devices and the identity's
    /// verifiable and recovery addresses as one union. Nothing is cached: every call reads what is stored now.
    /// </summary>
    public async Task<(SessionRecord Session, string StoredHash)?> GetWithIdentityByTokenHashAsync(string tokenHash, CancellationToken ct)
    {
        var dialect = database.Dialect;
        var inOne = dialect.Kind == SqlDialectKind.Sqlite;
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, inOne ? WithIdentityByTokenHashInOne : WithIdentityByTokenHash, ("hash", tokenHash));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || (inOne && reader.GetInt32(0) != -1))
        {
            return null;
        }

        var first = inOne ? 1 : 0;
        var session = ReadSession(reader, first, dialect);
        var storedHash = reader.GetString(first + 10);
        var identity = IdentityStore.ReadIdentity(reader, first + 11, dialect);
        List<SessionDevice>? devices = null;
        List<IdentityAddress>? verifiable = null, recovery = null;
        if (inOne || await reader.NextResultAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                switch (reader.GetInt32(0))
                {
                    case 0:
                        (devices ??= []).Add(new SessionDevice(reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 5)));
                        break;
                    case 1:
                        (verifiable ??= []).Add(IdentityStore.ReadVerifiableAddress(reader, 1, dialect));
                        break;
                    default:
                        (recovery ??= []).Add(IdentityStore.ReadRecoveryAddress(reader, 1, 7, dialect));
                        break;
                }
            }
        }

        return (session with
        {
            Devices = (IReadOnlyList<SessionDevice>?)devices ?? [],
            Identity = identity,
            IdentityParts = verifiable is null && recovery is null ? IdentityParts.Empty : new IdentityParts([], [], (IReadOnlyList<IdentityAddress>?)verifiable ?? [], (IReadOnlyList<IdentityAddress>?)recovery ?? []),
        }, storedHash);
    }

    public async Task<SessionRecord?> GetAsync(string id, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM sessions WHERE id = @id", ct, ("id", id))).Select(f => f.Session).FirstOrDefault();

    /// <summary>A page of sessions with their devices (see <see cref="SessionPage"/>).</summary>
    public async Task<List<SessionRecord>> ListAsync(SessionPage page, CancellationToken ct)
    {
        var (where, parameters) = Filter(page);
        var found = await QueryAsync($"SELECT {Columns} FROM sessions WHERE id > @after{where} ORDER BY id " + database.Dialect.Page(page.Limit, 0), ct,
            [("after", page.AfterId), .. parameters]);
        return found.Select(f => f.Session).ToList();
    }

    /// <summary>How many sessions the page's filters (not its position) select: Kratos's <c>X-Total-Count</c>.</summary>
    public async Task<long> CountAsync(SessionPage page, CancellationToken ct)
    {
        var (where, parameters) = Filter(page);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM sessions WHERE 1 = 1" + where, parameters.ToArray());
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private (string Where, List<(string Name, object Value)> Parameters) Filter(SessionPage page)
    {
        var sql = "";
        var parameters = new List<(string, object)>();
        if (page.IdentityId is { } identity)
        {
            sql += " AND identity_id = @identity";
            parameters.Add(("identity", identity));
        }

        if (page.ExceptId is { } except)
        {
            sql += " AND id <> @except";
            parameters.Add(("except", except));
        }

        if (page.Active is { } active)
        {
            sql += active ? " AND active = @true AND expires_at > @now" : " AND (active = @false OR expires_at <= @now)";
            parameters.Add(active ? ("true", database.Dialect.Boolean(true)) : ("false", database.Dialect.Boolean(false)));
            parameters.Add(("now", database.Dialect.Timestamp(page.Now)));
        }

        return (sql, parameters);
    }

    /// <summary>Revokes (deactivates) the active session; with <paramref name="identityId"/> only if it is that identity's. The number revoked.</summary>
    public Task<int> RevokeAsync(string id, string? identityId, DateTimeOffset now, CancellationToken ct)
        => ExecuteAsync("UPDATE sessions SET active = @false, updated_at = @now WHERE id = @id AND active = @true" + (identityId is null ? "" : " AND identity_id = @identity"),
            ct, ("id", id), ("identity", (object?)identityId ?? DBNull.Value), ("now", database.Dialect.Timestamp(now)),
            ("false", database.Dialect.Boolean(false)), ("true", database.Dialect.Boolean(true)));

    /// <summary>Revokes the identity's active sessions but <paramref name="exceptId"/>; the number revoked.</summary>
    public Task<int> RevokeOthersAsync(string identityId, string exceptId, DateTimeOffset now, CancellationToken ct)
        => ExecuteAsync("UPDATE sessions SET active = @false, updated_at = @now WHERE identity_id = @identity AND id <> @except AND active = @true",
            ct, ("identity", identityId), ("except", exceptId), ("now", database.Dialect.Timestamp(now)),
            ("false", database.Dialect.Boolean(false)), ("true", database.Dialect.Boolean(true)));

    /// <summary>Deletes every session of the identity; the number deleted.</summary>
    public Task<int> DeleteByIdentityAsync(string identityId, CancellationToken ct)
        => ExecuteAsync("DELETE FROM sessions WHERE identity_id = @identity", ct, ("identity", identityId));

    /// <summary>
    /// A re-authentication of the session (Kratos's <c>ActivateSession</c> on a login with <c>refresh=true</c>): its issue,
    /// authentication and expiry times, level and methods; false when there is no such active session.
    /// </summary>
    public async Task<bool> ReauthenticateAsync(SessionRecord session, CancellationToken ct)
        => await ExecuteAsync(
            "UPDATE sessions SET issued_at = @issued, authenticated_at = @authenticated, expires_at = @expires, aal = @aal, authentication_methods = @methods, updated_at = @updated WHERE id = @id AND active = @true",
            ct, ("id", session.Id), ("issued", database.Dialect.Timestamp(session.IssuedAt)), ("authenticated", database.Dialect.Timestamp(session.AuthenticatedAt)),
            ("expires", database.Dialect.Timestamp(session.ExpiresAt)), ("aal", session.Aal), ("methods", MethodsJson(session.Methods)),
            ("updated", database.Dialect.Timestamp(session.UpdatedAt)), ("true", database.Dialect.Boolean(true))) > 0;

    /// <summary>Sets the session's expiry; false when there is no such session.</summary>
    public async Task<bool> SetExpiryAsync(string id, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct)
        => await ExecuteAsync("UPDATE sessions SET expires_at = @expires, updated_at = @now WHERE id = @id", ct,
            ("id", id), ("expires", database.Dialect.Timestamp(expiresAt)), ("now", database.Dialect.Timestamp(now))) > 0;

    /// <summary>
    /// Deletes sessions that expired at or before <paramref name="notAfter"/>, oldest first, at most
    /// <paramref name="limit"/> in transactions of <paramref name="batchSize"/> rows; the number deleted.
    /// </summary>
    public async Task<long> DeleteExpiredAsync(DateTimeOffset notAfter, int limit, int batchSize, CancellationToken ct)
    {
        long deleted = 0;
        while (deleted < limit)
        {
            var take = (int)Math.Min(batchSize, limit - deleted);
            var count = await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                var ids = new List<string>();
                await using (var select = SqlCommand.Create(connection, transaction,
                    "SELECT id FROM sessions WHERE expires_at <= @expires ORDER BY expires_at " + database.Dialect.Page(take, 0), ("expires", database.Dialect.Timestamp(notAfter))))
                await using (var reader = await select.ExecuteReaderAsync(token))
                {
                    while (await reader.ReadAsync(token))
                    {
                        ids.Add(reader.GetString(0));
                    }
                }

                if (ids.Count == 0)
                {
                    return 0;
                }

                await using var delete = SqlCommand.Create(connection, transaction,
                    "DELETE FROM sessions WHERE id IN (" + string.Join(", ", ids.Select((_, i) => $"@id{i}")) + ")",
                    ids.Select((id, i) => ($"id{i}", (object)id)).ToArray());
                return await delete.ExecuteNonQueryAsync(token);
            }, ct);
            deleted += count;
            if (count < take)
            {
                break;
            }
        }

        return deleted;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, sql, parameters.Where(p => sql.Contains("@" + p.Name, StringComparison.Ordinal)).ToArray());
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<List<(SessionRecord Session, string StoredHash)>> QueryAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = new List<(SessionRecord, string)>();
        await using (var command = SqlCommand.Create(connection, null, sql, parameters))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            var dialect = database.Dialect;
            while (await reader.ReadAsync(ct))
            {
                rows.Add((ReadSession(reader, 0, dialect), reader.GetString(10)));
            }
        }

        if (rows.Count == 0)
        {
            return rows;
        }

        var devices = await DevicesAsync(connection, rows.Select(r => r.Item1.Id).ToList(), ct);
        return rows.Select(r => (r.Item1 with { Devices = devices.TryGetValue(r.Item1.Id, out var list) ? list : [] }, r.Item2)).ToList();
    }

    private static async Task<Dictionary<string, List<SessionDevice>>> DevicesAsync(DbConnection connection, List<string> sessionIds, CancellationToken ct)
    {
        await using var command = SqlCommand.Create(connection, null,
            "SELECT session_id, id, ip_address, user_agent, location FROM session_devices WHERE session_id IN (" +
            string.Join(", ", sessionIds.Select((_, i) => $"@s{i}")) + ") ORDER BY created_at, id",
            sessionIds.Select((id, i) => ($"s{i}", (object)id)).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new Dictionary<string, List<SessionDevice>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var session = reader.GetString(0);
            if (!result.TryGetValue(session, out var list))
            {
                result[session] = list = [];
            }

            list.Add(new SessionDevice(reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4)));
        }

        return result;
    }

    /// <summary>A session from <see cref="Columns"/> at <paramref name="first"/>.</summary>
    private static SessionRecord ReadSession(DbDataReader reader, int first, ISqlDialect dialect) => new(
        reader.GetString(first), reader.GetString(first + 1), dialect.ReadBoolean(reader, first + 2),
        dialect.ReadTimestamp(reader, first + 3), dialect.ReadTimestamp(reader, first + 4), dialect.ReadTimestamp(reader, first + 5),
        reader.GetString(first + 6), Methods(reader.GetString(first + 7)), [],
        dialect.ReadTimestamp(reader, first + 8), dialect.ReadTimestamp(reader, first + 9));

    private static string Prefixed(string alias, string columns) => string.Join(", ", columns.Split(", ").Select(c => alias + "." + c));

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static string MethodsJson(IReadOnlyList<AuthenticationMethod> methods)
        => new JsonArray(methods.Select(m => (JsonNode)new JsonObject
        {
            ["method"] = m.Method,
            ["aal"] = m.Aal,
            ["completed_at"] = JsonFields.Time(m.CompletedAt),
        }).ToArray()).ToJsonString();

    /// <summary>The stored <c>authentication_methods</c> array, read with a forward-only reader (every whoami reads it).</summary>
    private static List<AuthenticationMethod> Methods(string json)
    {
        var methods = new List<AuthenticationMethod>(1);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var reader = new Utf8JsonReader(bytes.AsSpan(0, Encoding.UTF8.GetBytes(json, bytes)));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return methods;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                string method = "", aal = "";
                var completed = DateTimeOffset.UnixEpoch;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.ValueSpan;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        reader.Skip();
                    }
                    else if (name.SequenceEqual("method"u8))
                    {
                        method = reader.GetString()!;
                    }
                    else if (name.SequenceEqual("aal"u8))
                    {
                        aal = reader.GetString()!;
                    }
                    else if (name.SequenceEqual("completed_at"u8) && Rfc3339Time.TryParse(reader.GetString(), out var at))
                    {
                        completed = at;
                    }
                }

                methods.Add(new AuthenticationMethod(method, aal, completed));
            }
        }
        catch (JsonException)
        {
            // Written by this service only; a damaged value reads as no methods rather than failing the session.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        return methods;
    }
}

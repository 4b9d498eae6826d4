using Tessera.OAuth2.Flows;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Storage;

/// <summary>Login sessions in <c>oauth2_login_sessions</c>.</summary>
internal sealed class LoginSessionStore(Database database)
{
    private const string Columns = "id, subject, authenticated_at, remember, expires_at, identity_provider_session_id";

    /// <summary>Inserts or replaces the session (a remembered login that is extended keeps its id).</summary>
    public Task SaveAsync(LoginSession session, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var upsert = SqlCommand.Create(connection, transaction,
                database.Dialect.Upsert("oauth2_login_sessions", ["id"], ["id", "subject", "authenticated_at", "remember", "expires_at", "identity_provider_session_id", "data"]),
                ("id", session.Id), ("subject", session.Subject), ("authenticated_at", database.Dialect.Timestamp(session.AuthenticatedAt)),
                ("remember", database.Dialect.Boolean(session.Remember)), ("expires_at", session.ExpiresAt is { } e ? database.Dialect.Timestamp(e) : DBNull.Value),
                ("identity_provider_session_id", (object?)session.IdentityProviderSessionId ?? DBNull.Value), ("data", "{}"));
            await upsert.ExecuteNonQueryAsync(token);
        }, ct);

    public async Task<LoginSession?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, $"SELECT {Columns} FROM oauth2_login_sessions WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new LoginSession(
            reader.GetString(0), reader.GetString(1), database.Dialect.ReadTimestamp(reader, 2), database.Dialect.ReadBoolean(reader, 3),
            reader.IsDBNull(4) ? null : database.Dialect.ReadTimestamp(reader, 4), reader.IsDBNull(5) ? null : reader.GetString(5));
    }

    /// <summary>The ids of a subject's sessions (for logout everywhere).</summary>
    public async Task<List<string>> IdsOfSubjectAsync(string subject, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, "SELECT id FROM oauth2_login_sessions WHERE subject = @subject", ("subject", subject));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public Task<int> DeleteAsync(string id, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var delete = SqlCommand.Create(connection, transaction, "DELETE FROM oauth2_login_sessions WHERE id = @id", ("id", id));
            return await delete.ExecuteNonQueryAsync(token);
        }, ct);
}

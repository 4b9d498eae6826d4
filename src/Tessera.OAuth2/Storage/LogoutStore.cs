using System.Text.Json.Nodes;
using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Persistence;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Storage;

/// <summary>Logout requests in <c>oauth2_logout_requests</c>; each step is a conditional update on the state.</summary>
internal sealed class LogoutStore(Database database)
{
    private const string Columns = "id, verifier, subject, session_id, client_id, state, requested_at, expires_at, data";

    public Task InsertAsync(LogoutRequest request, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            var data = new JsonObject
            {
                ["request_url"] = request.RequestUrl,
                ["rp_initiated"] = request.RpInitiated,
                ["post_logout_redirect_uri"] = request.PostLogoutRedirectUri,
                ["state"] = request.ClientState,
            };
            await using var insert = SqlCommand.Create(connection, transaction,
                $"INSERT INTO oauth2_logout_requests ({Columns}) VALUES (@id, @verifier, @subject, @sid, @client, @state, @requested, @expires, @data)",
                ("id", request.Id), ("verifier", (object?)request.Verifier ?? DBNull.Value), ("subject", request.Subject), ("sid", (object?)request.SessionId ?? DBNull.Value),
                ("client", (object?)request.ClientId ?? DBNull.Value), ("state", request.State), ("requested", database.Dialect.Timestamp(request.RequestedAt)),
                ("expires", database.Dialect.Timestamp(request.ExpiresAt)), ("data", data.ToJsonString()));
            await insert.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Moves the request from <paramref name="expected"/> to its current state and verifier; false when it was not in that state.</summary>
    public Task<bool> UpdateAsync(LogoutRequest request, int expected, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var update = SqlCommand.Create(connection, transaction,
                "UPDATE oauth2_logout_requests SET state = @state, verifier = @verifier WHERE id = @id AND state = @expected",
                ("state", request.State), ("verifier", (object?)request.Verifier ?? DBNull.Value), ("id", request.Id), ("expected", expected));
            return await update.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    public Task<LogoutRequest?> GetAsync(string challenge, CancellationToken ct) => FindAsync("id", challenge, ct);

    public Task<LogoutRequest?> GetByVerifierAsync(string verifier, CancellationToken ct) => FindAsync("verifier", verifier, ct);

    private async Task<LogoutRequest?> FindAsync(string column, string value, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, $"SELECT {Columns} FROM oauth2_logout_requests WHERE {column} = @value", ("value", value));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var data = JsonNode.Parse(reader.GetString(8))!.AsObject();
        return new LogoutRequest
        {
            Id = reader.GetString(0),
            Verifier = reader.IsDBNull(1) ? null : reader.GetString(1),
            Subject = reader.GetString(2),
            SessionId = reader.IsDBNull(3) ? null : reader.GetString(3),
            ClientId = reader.IsDBNull(4) ? null : reader.GetString(4),
            State = Convert.ToInt32(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
            RequestedAt = database.Dialect.ReadTimestamp(reader, 6),
            ExpiresAt = database.Dialect.ReadTimestamp(reader, 7),
            RequestUrl = JsonFields.Text(data, "request_url") ?? "",
            RpInitiated = data["rp_initiated"] is JsonValue v && v.TryGetValue<bool>(out var rp) && rp,
            PostLogoutRedirectUri = JsonFields.Text(data, "post_logout_redirect_uri"),
            ClientState = JsonFields.Text(data, "state"),
        };
    }
}

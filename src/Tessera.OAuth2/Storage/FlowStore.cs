using System.Data.Common;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Flows;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Persistence;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Storage;

/// <summary>
/// Login/consent flows in <c>oauth2_flows</c>. Every step is <see cref="UpdateAsync"/>, a conditional
/// update on the expected state: the loser of a race (or a replay) changes nothing.
/// </summary>
internal sealed class FlowStore(Database database)
{
    private const string Columns = "id, consent_challenge, login_verifier, consent_verifier, state, client_id, subject, login_session_id, consent_remember, requested_at, expires_at, consent_expires_at, data";

    public Task InsertAsync(Flow flow, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var insert = SqlCommand.Create(connection, transaction,
                $"INSERT INTO oauth2_flows ({Columns}) VALUES (@id, @consent_challenge, @login_verifier, @consent_verifier, @state, @client, @subject, @sid, @remember, @requested, @expires, @consent_expires, @data)",
                Parameters(flow));
            await insert.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Writes the flow if it is still in <paramref name="expectedState"/>; false when another request moved it first.</summary>
    public Task<bool> UpdateAsync(Flow flow, int expectedState, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var update = SqlCommand.Create(connection, transaction,
                "UPDATE oauth2_flows SET consent_challenge = @consent_challenge, login_verifier = @login_verifier, consent_verifier = @consent_verifier, state = @state, " +
                "subject = @subject, login_session_id = @sid, consent_remember = @remember, expires_at = @expires, consent_expires_at = @consent_expires, data = @data " +
                "WHERE id = @id AND state = @expected",
                [.. Parameters(flow), ("expected", expectedState)]);
            return await update.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    public Task<Flow?> GetByLoginChallengeAsync(string challenge, CancellationToken ct) => GetAsync("id", challenge, ct);

    public Task<Flow?> GetByConsentChallengeAsync(string challenge, CancellationToken ct) => GetAsync("consent_challenge", challenge, ct);

    public Task<Flow?> GetByLoginVerifierAsync(string verifier, CancellationToken ct) => GetAsync("login_verifier", verifier, ct);

    public Task<Flow?> GetByConsentVerifierAsync(string verifier, CancellationToken ct) => GetAsync("consent_verifier", verifier, ct);

    /// <summary>Granted consent sessions of a subject (optionally for one client), newest first.</summary>
    public Task<List<Flow>> ConsentSessionsAsync(string subject, string? clientId, bool rememberedOnly, int limit, int offset, CancellationToken ct, string? loginSessionId = null)
    {
        var sql = $"SELECT {Columns} FROM oauth2_flows WHERE subject = @subject AND state = @used" +
            (clientId is null ? "" : " AND client_id = @client") +
            (loginSessionId is null ? "" : " AND login_session_id = @sid") +
            (rememberedOnly ? " AND consent_remember = @remember" : "") +
            " ORDER BY requested_at DESC, id " + database.Dialect.Page(limit, offset);
        var parameters = new List<(string, object)> { ("subject", subject), ("used", FlowState.ConsentUsed), ("remember", database.Dialect.Boolean(true)) };
        if (clientId is not null)
        {
            parameters.Add(("client", clientId));
        }

        if (loginSessionId is not null)
        {
            parameters.Add(("sid", loginSessionId));
        }

        return QueryAsync(sql, ct, [.. parameters]);
    }

    /// <summary>Deletes a subject's consent sessions (optionally for one client); returns how many.</summary>
    public Task<int> DeleteConsentSessionsAsync(string subject, string? clientId, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var delete = SqlCommand.Create(connection, transaction,
                "DELETE FROM oauth2_flows WHERE subject = @subject" + (clientId is null ? "" : " AND client_id = @client"),
                clientId is null ? [("subject", subject)] : [("subject", subject), ("client", clientId)]);
            return await delete.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Deletes one consent session by its consent challenge; true when there was one.</summary>
    public Task<bool> DeleteByConsentChallengeAsync(string challenge, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var delete = SqlCommand.Create(connection, transaction, "DELETE FROM oauth2_flows WHERE consent_challenge = @challenge", ("challenge", challenge));
            return await delete.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    /// <summary>The clients that got tokens through a login session (for logout notifications).</summary>
    public async Task<List<string>> ClientsOfLoginSessionAsync(string loginSessionId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null,
            "SELECT DISTINCT client_id FROM oauth2_flows WHERE login_session_id = @sid AND state = @used", ("sid", loginSessionId), ("used", FlowState.ConsentUsed));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private async Task<Flow?> GetAsync(string column, string value, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM oauth2_flows WHERE {column} = @value", ct, ("value", value))).FirstOrDefault();

    private (string, object)[] Parameters(Flow flow)
    {
        var data = new JsonObject
        {
            ["request"] = flow.Request.ToJson(),
            ["csrf"] = flow.Csrf,
            ["login_skip"] = flow.LoginSkip,
            ["consent_skip"] = flow.ConsentSkip,
            ["login"] = flow.Login?.DeepClone(),
            ["error"] = flow.Error?.DeepClone(),
            ["consent"] = flow.Consent?.DeepClone(),
            ["linked_flow"] = flow.LinkedFlowId,
        };
        SetTime(data, "authenticated_at", flow.AuthenticatedAt);
        SetTime(data, "login_handled_at", flow.LoginHandledAt);
        SetTime(data, "consent_requested_at", flow.ConsentRequestedAt);
        SetTime(data, "consent_handled_at", flow.ConsentHandledAt);
        return
        [
            ("id", flow.Id), ("consent_challenge", Nullable(flow.ConsentChallenge)), ("login_verifier", Nullable(flow.LoginVerifier)),
            ("consent_verifier", Nullable(flow.ConsentVerifier)), ("state", flow.State), ("client", flow.ClientId), ("subject", flow.Subject),
            ("sid", Nullable(flow.LoginSessionId)), ("remember", database.Dialect.Boolean(flow.ConsentRemember)),
            ("requested", database.Dialect.Timestamp(flow.RequestedAt)), ("expires", database.Dialect.Timestamp(flow.ExpiresAt)),
            ("consent_expires", flow.ConsentExpiresAt is { } c ? database.Dialect.Timestamp(c) : DBNull.Value),
            ("data", data.ToJsonString()),
        ];
    }

    private async Task<List<Flow>> QueryAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<Flow>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    private Flow Read(DbDataReader reader)
    {
        var data = JsonNode.Parse(reader.GetString(12))!.AsObject();
        return new Flow
        {
            Id = reader.GetString(0),
            ConsentChallenge = reader.IsDBNull(1) ? null : reader.GetString(1),
            LoginVerifier = reader.IsDBNull(2) ? null : reader.GetString(2),
            ConsentVerifier = reader.IsDBNull(3) ? null : reader.GetString(3),
            State = Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
            ClientId = reader.GetString(5),
            Subject = reader.GetString(6),
            LoginSessionId = reader.IsDBNull(7) ? null : reader.GetString(7),
            ConsentRemember = database.Dialect.ReadBoolean(reader, 8),
            RequestedAt = database.Dialect.ReadTimestamp(reader, 9),
            ExpiresAt = database.Dialect.ReadTimestamp(reader, 10),
            ConsentExpiresAt = reader.IsDBNull(11) ? null : database.Dialect.ReadTimestamp(reader, 11),
            Request = AuthorizationRequest.FromJson(data["request"]!.AsObject()),
            Csrf = JsonFields.Text(data, "csrf") ?? "",
            LoginSkip = data["login_skip"] is JsonValue ls && ls.TryGetValue<bool>(out var loginSkip) && loginSkip,
            ConsentSkip = data["consent_skip"] is JsonValue cs && cs.TryGetValue<bool>(out var consentSkip) && consentSkip,
            Login = data["login"] as JsonObject is { } login ? (JsonObject)login.DeepClone() : null,
            Error = data["error"] as JsonObject is { } error ? (JsonObject)error.DeepClone() : null,
            Consent = data["consent"] as JsonObject is { } consent ? (JsonObject)consent.DeepClone() : null,
            AuthenticatedAt = JsonFields.ParseTime(JsonFields.Text(data, "authenticated_at")),
            LoginHandledAt = JsonFields.ParseTime(JsonFields.Text(data, "login_handled_at")),
            ConsentRequestedAt = JsonFields.ParseTime(JsonFields.Text(data, "consent_requested_at")),
            ConsentHandledAt = JsonFields.ParseTime(JsonFields.Text(data, "consent_handled_at")),
            LinkedFlowId = JsonFields.Text(data, "linked_flow"),
        };
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static void SetTime(JsonObject json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json[name] = JsonFields.Time(v);
        }
    }
}

using System.Data.Common;
using System.Text.Json.Nodes;
using Tessera.Identity.Flows;
using Tessera.Platform.Persistence;

namespace Tessera.Identity.Storage;

/// <summary>
/// Self-service flows in <c>selfservice_flows</c> (one table for every flow, told apart by <c>flow</c>;
/// the form kept as its JSON) and error containers in <c>selfservice_errors</c>.
/// </summary>
internal sealed class FlowStore(Database database)
{
    private const string Columns = "id, flow, type, request_url, return_to, issued_at, expires_at, state, active_method, ui, csrf_token, identity_id, refresh, " +
        "requested_aal, organization_id, identity_schema_id, oauth2_login_challenge, transient_payload, internal_context, created_at, updated_at";

    public async Task CreateAsync(SelfServiceFlow flow, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var insert = SqlCommand.Create(connection, null,
            $"INSERT INTO selfservice_flows ({Columns}) VALUES (@id, @flow, @type, @request_url, @return_to, @issued, @expires, @state, @active, @ui, @csrf, " +
            "@identity, @refresh, @aal, @organization, @schema, @challenge, @transient, @internal, @created, @updated)",
            Parameters(flow));
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes what a step may change (state, active method, form, transient payload, organization …); false when the flow is gone.</summary>
    public async Task<bool> UpdateAsync(SelfServiceFlow flow, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var update = SqlCommand.Create(connection, null,
            "UPDATE selfservice_flows SET state = @state, active_method = @active, ui = @ui, identity_id = @identity, organization_id = @organization, " +
            "transient_payload = @transient, internal_context = @internal, return_to = @return_to, updated_at = @updated WHERE id = @id",
            Parameters(flow));
        return await update.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>The flow of that id and flow name; null when there is none.</summary>
    public async Task<SelfServiceFlow?> GetAsync(string name, string id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, $"SELECT {Columns} FROM selfservice_flows WHERE id = @id AND flow = @flow", ("id", id), ("flow", name));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>
    /// Deletes flows that expired before <paramref name="notAfter"/>, at most <paramref name="batchSize"/>
    /// per statement until none is left or <paramref name="limit"/> were deleted; the count deleted.
    /// </summary>
    public async Task<long> DeleteExpiredAsync(DateTimeOffset notAfter, int batchSize, long limit, CancellationToken ct)
    {
        long deleted = 0;
        while (deleted < limit)
        {
            var ids = new List<string>();
            await using (var connection = await database.OpenConnectionAsync(ct))
            {
                var take = (int)Math.Min(batchSize, limit - deleted);
                await using var select = SqlCommand.Create(connection, null,
                    "SELECT id FROM selfservice_flows WHERE expires_at < @before ORDER BY expires_at " + database.Dialect.Page(take, 0), ("before", database.Dialect.Timestamp(notAfter)));
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            if (ids.Count == 0)
            {
                break;
            }

            await using (var connection = await database.OpenConnectionAsync(ct))
            {
                await using var delete = SqlCommand.Create(connection, null,
                    "DELETE FROM selfservice_flows WHERE id IN (" + string.Join(", ", ids.Select((_, i) => $"@id{i}")) + ")",
                    ids.Select((id, i) => ($"id{i}", (object)id)).ToArray());
                deleted += await delete.ExecuteNonQueryAsync(ct);
            }

            if (ids.Count < batchSize)
            {
                break;
            }
        }

        return deleted;
    }

    /// <summary>Stores an error for the error UI to fetch by id.</summary>
    public async Task CreateErrorAsync(string id, JsonObject error, string csrfToken, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var insert = SqlCommand.Create(connection, null,
            "INSERT INTO selfservice_errors (id, errors, csrf_token, created_at, updated_at) VALUES (@id, @errors, @csrf, @created, @created)",
            ("id", id), ("errors", error.ToJsonString()), ("csrf", csrfToken), ("created", database.Dialect.Timestamp(now)));
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The stored error (its JSON, creation and update times); null when unknown.</summary>
    public async Task<(JsonNode Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)?> GetErrorAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, "SELECT errors, created_at, updated_at FROM selfservice_errors WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return (StoredJson.Parse(reader.GetString(0)) ?? new JsonObject(), database.Dialect.ReadTimestamp(reader, 1), database.Dialect.ReadTimestamp(reader, 2));
    }

    /// <summary>Deletes error containers created before <paramref name="notAfter"/>; the count deleted.</summary>
    public async Task<long> DeleteErrorsAsync(DateTimeOffset notAfter, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var delete = SqlCommand.Create(connection, null, "DELETE FROM selfservice_errors WHERE created_at < @before", ("before", database.Dialect.Timestamp(notAfter)));
        return await delete.ExecuteNonQueryAsync(ct);
    }

    private (string, object)[] Parameters(SelfServiceFlow flow) =>
    [
        ("id", flow.Id), ("flow", flow.Name), ("type", flow.Type), ("request_url", flow.RequestUrl), ("return_to", Nullable(flow.ReturnTo)),
        ("issued", database.Dialect.Timestamp(flow.IssuedAt)), ("expires", database.Dialect.Timestamp(flow.ExpiresAt)), ("state", flow.State),
        ("active", Nullable(flow.Active)), ("ui", flow.Ui.ToJson().ToJsonString()), ("csrf", flow.CsrfToken), ("identity", Nullable(flow.IdentityId)),
        ("refresh", database.Dialect.Boolean(flow.Refresh)), ("aal", flow.RequestedAal), ("organization", Nullable(flow.OrganizationId)),
        ("schema", Nullable(flow.IdentitySchemaId)), ("challenge", Nullable(flow.OAuth2LoginChallenge)),
        ("transient", Nullable(flow.TransientPayload?.ToJsonString())), ("internal", flow.InternalContext.ToJsonString()),
        ("created", database.Dialect.Timestamp(flow.CreatedAt)), ("updated", database.Dialect.Timestamp(flow.UpdatedAt)),
    ];

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private SelfServiceFlow Read(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new SelfServiceFlow(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(4),
            database.Dialect.ReadTimestamp(reader, 5), database.Dialect.ReadTimestamp(reader, 6), reader.GetString(7), Text(8),
            UiContainer.FromJson(StoredJson.Parse(reader.GetString(9))), reader.GetString(10), Text(11), database.Dialect.ReadBoolean(reader, 12),
            reader.GetString(13), Text(14), Text(15), Text(16), Text(17) is { } transient ? StoredJson.Parse(transient) : null,
            Text(18) is { } context && StoredJson.Parse(context) is JsonObject o ? o : [],
            database.Dialect.ReadTimestamp(reader, 19), database.Dialect.ReadTimestamp(reader, 20));
    }
}

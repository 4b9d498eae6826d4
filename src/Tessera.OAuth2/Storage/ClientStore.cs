using System.Data.Common;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Storage;

/// <summary>
/// OAuth 2.0 clients in <c>oauth2_clients</c>: the public document as JSON text, the secret as a hash
/// in its own column, and the columns the admin API filters on (<c>client_name</c>, <c>owner</c>).
/// </summary>
internal sealed class ClientStore(Database database)
{
    private const string Columns = "id, secret_hash, document";

    /// <summary>Inserts the client; false when its id is taken.</summary>
    public async Task<bool> CreateAsync(OAuth2Client client, string? registrationTokenSignature, CancellationToken ct)
    {
        try
        {
            await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                await using var insert = SqlCommand.Create(connection, transaction,
                    "INSERT INTO oauth2_clients (id, client_name, owner, secret_hash, registration_token_signature, document, created_at, updated_at) " +
                    "VALUES (@id, @name, @owner, @secret, @registration, @document, @created, @updated)",
                    Parameters(client, ("registration", (object?)registrationTokenSignature ?? DBNull.Value)));
                await insert.ExecuteNonQueryAsync(token);
            }, ct);
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    /// <summary>Replaces the client's document and secret hash; false when there is no such client.</summary>
    public Task<bool> UpdateAsync(OAuth2Client client, CancellationToken ct) => UpdateAsync(client, null, ct);

    /// <summary>
    /// Replaces the client's document and secret hash, and its registration access token signature when
    /// <paramref name="registrationTokenSignature"/> is given (dynamic registration rotates it); false when
    /// there is no such client.
    /// </summary>
    public Task<bool> UpdateAsync(OAuth2Client client, string? registrationTokenSignature, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var update = registrationTokenSignature is null
                ? SqlCommand.Create(connection, transaction,
                    "UPDATE oauth2_clients SET client_name = @name, owner = @owner, secret_hash = @secret, document = @document, updated_at = @updated WHERE id = @id",
                    Parameters(client))
                : SqlCommand.Create(connection, transaction,
                    "UPDATE oauth2_clients SET client_name = @name, owner = @owner, secret_hash = @secret, document = @document, updated_at = @updated, registration_token_signature = @registration WHERE id = @id",
                    Parameters(client, ("registration", registrationTokenSignature)));
            return await update.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    public async Task<OAuth2Client?> GetAsync(string id, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM oauth2_clients WHERE id = @id", ct, ("id", id))).FirstOrDefault();

    /// <summary>The client whose registration access token has this signature (dynamic client registration).</summary>
    public async Task<OAuth2Client?> GetByRegistrationTokenAsync(string id, string signature, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM oauth2_clients WHERE id = @id AND registration_token_signature = @signature", ct, ("id", id), ("signature", signature))).FirstOrDefault();

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
        => await database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var delete = SqlCommand.Create(connection, transaction, "DELETE FROM oauth2_clients WHERE id = @id", ("id", id));
            return await delete.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    /// <summary>A page ordered by id after <paramref name="afterId"/>, optionally filtered by exact name and owner.</summary>
    public Task<List<OAuth2Client>> ListAsync(string? name, string? owner, string afterId, int limit, CancellationToken ct)
    {
        var sql = $"SELECT {Columns} FROM oauth2_clients WHERE id > @after";
        var parameters = new List<(string, object)> { ("after", afterId) };
        if (name is not null)
        {
            sql += " AND client_name = @name";
            parameters.Add(("name", name));
        }

        if (owner is not null)
        {
            sql += " AND owner = @owner";
            parameters.Add(("owner", owner));
        }

        return QueryAsync(sql + " ORDER BY id " + database.Dialect.Page(limit, 0), ct, parameters.ToArray());
    }

    private (string, object)[] Parameters(OAuth2Client client, params (string, object)[] extra)
    {
        var created = client.Document["created_at"] is JsonValue c && DateTimeOffset.TryParse(c.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var at) ? at : DateTimeOffset.UtcNow;
        var updated = client.Document["updated_at"] is JsonValue u && DateTimeOffset.TryParse(u.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var up) ? up : created;
        return
        [
            ("id", client.Id), ("name", client.Name), ("owner", client.Owner), ("secret", (object?)client.SecretHash ?? DBNull.Value),
            ("document", client.Document.ToJsonString()), ("created", database.Dialect.Timestamp(created)), ("updated", database.Dialect.Timestamp(updated)),
            .. extra,
        ];
    }

    private async Task<List<OAuth2Client>> QueryAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<OAuth2Client>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(OAuth2Client.FromStored(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
        }

        return result;
    }
}

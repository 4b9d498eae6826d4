using System.Data.Common;
using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Platform.Persistence;

namespace Tessera.Identity.Storage;

/// <summary>
/// Identities in <c>identities</c> and the identifiers their credentials are found by in
/// <c>identity_credential_identifiers</c>; an identity and its identifiers are written in one transaction.
/// </summary>
internal sealed class IdentityStore(Database database)
{
    private const string Columns = "id, schema_id, traits, state, metadata_public, metadata_admin, external_id, organization_id, created_at, updated_at, state_changed_at";

    /// <summary>Inserts the identity with its identifiers; <see cref="IdentityWrite.Conflict"/> when one is taken.</summary>
    public async Task<IdentityWrite> CreateAsync(IdentityRecord identity, IReadOnlyList<CredentialIdentifier> identifiers, CancellationToken ct)
    {
        try
        {
            await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                await using var insert = SqlCommand.Create(connection, transaction,
                    $"INSERT INTO identities ({Columns}) VALUES (@id, @schema, @traits, @state, @public, @admin, @external, @organization, @created, @updated, @changed)",
                    Parameters(identity));
                await insert.ExecuteNonQueryAsync(token);
                await InsertIdentifiersAsync(connection, transaction, identity.Id, identifiers, token);
            }, ct);
            return IdentityWrite.Written;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return IdentityWrite.Conflict;
        }
    }

    /// <summary>Replaces the identity's fields (not its creation time) and its identifiers.</summary>
    public async Task<IdentityWrite> UpdateAsync(IdentityRecord identity, IReadOnlyList<CredentialIdentifier> identifiers, CancellationToken ct)
    {
        try
        {
            return await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                await using var update = SqlCommand.Create(connection, transaction,
                    "UPDATE identities SET schema_id = @schema, traits = @traits, state = @state, metadata_public = @public, metadata_admin = @admin, " +
                    "external_id = @external, organization_id = @organization, updated_at = @updated, state_changed_at = @changed WHERE id = @id",
                    Parameters(identity));
                if (await update.ExecuteNonQueryAsync(token) == 0)
                {
                    return IdentityWrite.NotFound;
                }

                await DeleteIdentifiersAsync(connection, transaction, identity.Id, token);
                await InsertIdentifiersAsync(connection, transaction, identity.Id, identifiers, token);
                return IdentityWrite.Written;
            }, ct);
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return IdentityWrite.Conflict;
        }
    }

    public async Task<IdentityRecord?> GetAsync(string id, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM identities WHERE id = @id", ct, ("id", id))).FirstOrDefault();

    public async Task<IdentityRecord?> GetByExternalIdAsync(string externalId, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM identities WHERE external_id = @external", ct, ("external", externalId))).FirstOrDefault();

    /// <summary>The identity's identifiers, by type then identifier.</summary>
    public async Task<List<CredentialIdentifier>> IdentifiersAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null,
            "SELECT credential_type, identifier FROM identity_credential_identifiers WHERE identity_id = @id ORDER BY credential_type, identifier", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<CredentialIdentifier>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new CredentialIdentifier(reader.GetString(0), reader.GetString(1)));
        }

        return result;
    }

    /// <summary>
    /// A page ordered by id after <see cref="IdentityPage.AfterId"/>, narrowed by the page's filters: the
    /// identity one of whose credentials has the identifier (compared lower-cased, as stored), the listed
    /// ids, the organization.
    /// </summary>
    public Task<List<IdentityRecord>> ListAsync(IdentityPage page, CancellationToken ct)
    {
        var sql = $"SELECT {Columns} FROM identities WHERE id > @after";
        var parameters = new List<(string, object)> { ("after", page.AfterId) };
        if (page.CredentialsIdentifier is { } identifier)
        {
            sql += " AND id IN (SELECT identity_id FROM identity_credential_identifiers WHERE identifier = @identifier)";
            parameters.Add(("identifier", identifier.Trim().ToLowerInvariant()));
        }

        if (page.Ids.Count > 0)
        {
            sql += " AND id IN (" + string.Join(", ", page.Ids.Select((_, i) => $"@id{i}")) + ")";
            parameters.AddRange(page.Ids.Select((id, i) => ($"id{i}", (object)id)));
        }

        if (page.OrganizationId is { } organization)
        {
            sql += " AND organization_id = @organization";
            parameters.Add(("organization", organization));
        }

        return QueryAsync(sql + " ORDER BY id " + database.Dialect.Page(page.Limit, 0), ct, parameters.ToArray());
    }

    /// <summary>Deletes the identity and its identifiers; false when there was none.</summary>
    public Task<bool> DeleteAsync(string id, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await DeleteIdentifiersAsync(connection, transaction, id, token);
            await using var delete = SqlCommand.Create(connection, transaction, "DELETE FROM identities WHERE id = @id", ("id", id));
            return await delete.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    private static async Task InsertIdentifiersAsync(DbConnection connection, DbTransaction transaction, string id, IReadOnlyList<CredentialIdentifier> identifiers, CancellationToken ct)
    {
        foreach (var identifier in identifiers.Distinct())
        {
            await using var insert = SqlCommand.Create(connection, transaction,
                "INSERT INTO identity_credential_identifiers (credential_type, identifier, identity_id) VALUES (@type, @identifier, @id)",
                ("type", identifier.Type), ("identifier", identifier.Identifier), ("id", id));
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task DeleteIdentifiersAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken ct)
    {
        await using var delete = SqlCommand.Create(connection, transaction, "DELETE FROM identity_credential_identifiers WHERE identity_id = @id", ("id", id));
        await delete.ExecuteNonQueryAsync(ct);
    }

    private (string, object)[] Parameters(IdentityRecord identity) =>
    [
        ("id", identity.Id), ("schema", identity.SchemaId), ("traits", identity.Traits.ToJsonString()), ("state", identity.State),
        ("public", Nullable(identity.MetadataPublic?.ToJsonString())), ("admin", Nullable(identity.MetadataAdmin?.ToJsonString())),
        ("external", Nullable(identity.ExternalId)), ("organization", Nullable(identity.OrganizationId)),
        ("created", database.Dialect.Timestamp(identity.CreatedAt)), ("updated", database.Dialect.Timestamp(identity.UpdatedAt)),
        ("changed", identity.StateChangedAt is { } changed ? database.Dialect.Timestamp(changed) : DBNull.Value),
    ];

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private async Task<List<IdentityRecord>> QueryAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<IdentityRecord>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new IdentityRecord(
                reader.GetString(0), reader.GetString(1), JsonNode.Parse(reader.GetString(2)) as JsonObject ?? [], reader.GetString(3),
                reader.IsDBNull(4) ? null : JsonNode.Parse(reader.GetString(4)), reader.IsDBNull(5) ? null : JsonNode.Parse(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                database.Dialect.ReadTimestamp(reader, 8), database.Dialect.ReadTimestamp(reader, 9),
                reader.IsDBNull(10) ? null : database.Dialect.ReadTimestamp(reader, 10)));
        }

        return result;
    }
}

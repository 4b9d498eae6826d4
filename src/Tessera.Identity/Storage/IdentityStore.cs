using System.Data.Common;
using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Platform.Persistence;

namespace Tessera.Identity.Storage;

/// <summary>
/// Identities in <c>identities</c> and what is stored with them (<see cref="IdentityParts"/>): the identifiers their
/// credentials are found by (<c>identity_credential_identifiers</c>), the credentials (<c>identity_credentials</c>)
/// and the addresses (<c>identity_verifiable_addresses</c>, <c>identity_recovery_addresses</c>); an identity and its
/// parts are written in one transaction, the caller's when the method takes one.
/// </summary>
internal sealed class IdentityStore(Database database)
{
    /// <summary>The identity's columns, in the order <see cref="ReadIdentity"/> reads them.</summary>
    internal const string Columns = "id, schema_id, traits, state, metadata_public, metadata_admin, external_id, organization_id, created_at, updated_at, state_changed_at";

    /// <summary>Inserts the identity with its identifiers, credentials and addresses; <see cref="IdentityWrite.Conflict"/> when one is taken.</summary>
    public async Task<IdentityWrite> CreateAsync(IdentityRecord identity, IdentityParts parts, CancellationToken ct)
    {
        try
        {
            await database.InTransactionAsync((connection, transaction, token) => InsertAsync(connection, transaction, identity, parts, token), ct);
            return IdentityWrite.Written;
        }
        catch (DbException e) when (IsConflict(e))
        {
            return IdentityWrite.Conflict;
        }
    }

    /// <summary>
    /// Inserts the identity with its identifiers, credentials and addresses in the caller's transaction (for
    /// writes that must commit together with others, as a registration with its session). A taken
    /// identifier, address or external id throws a <see cref="DbException"/> for which <see cref="IsConflict"/> is true.
    /// </summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, IdentityRecord identity, IdentityParts parts, CancellationToken ct)
    {
        await using (var insert = SqlCommand.Create(connection, transaction,
            $"INSERT INTO identities ({Columns}) VALUES (@id, @schema, @traits, @state, @public, @admin, @external, @organization, @created, @updated, @changed)",
            Parameters(identity)))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        await InsertPartsAsync(connection, transaction, identity.Id, parts, ct);
    }

    /// <summary>True when <paramref name="exception"/> is a unique violation: an identifier, address or external id taken by another identity.</summary>
    public bool IsConflict(Exception exception) => database.Dialect.IsUniqueViolation(exception);

    /// <summary>Replaces the identity's fields (not its creation time), identifiers, credentials and addresses with <paramref name="parts"/>.</summary>
    public async Task<IdentityWrite> UpdateAsync(IdentityRecord identity, IdentityParts parts, CancellationToken ct)
    {
        try
        {
            var found = await database.InTransactionAsync((connection, transaction, token) => ReplaceAsync(connection, transaction, identity, parts, token), ct);
            return found ? IdentityWrite.Written : IdentityWrite.NotFound;
        }
        catch (DbException e) when (IsConflict(e))
        {
            return IdentityWrite.Conflict;
        }
    }

    /// <summary>
    /// <see cref="UpdateAsync"/> in the caller's transaction: false when there is no such identity; a taken
    /// identifier or address throws a <see cref="DbException"/> for which <see cref="IsConflict"/> is true.
    /// </summary>
    public async Task<bool> ReplaceAsync(DbConnection connection, DbTransaction transaction, IdentityRecord identity, IdentityParts parts, CancellationToken ct)
    {
        await using (var update = SqlCommand.Create(connection, transaction,
            "UPDATE identities SET schema_id = @schema, traits = @traits, state = @state, metadata_public = @public, metadata_admin = @admin, " +
            "external_id = @external, organization_id = @organization, updated_at = @updated, state_changed_at = @changed WHERE id = @id",
            Parameters(identity)))
        {
            if (await update.ExecuteNonQueryAsync(ct) == 0)
            {
                return false;
            }
        }

        foreach (var table in PartTables)
        {
            await using var delete = SqlCommand.Create(connection, transaction, $"DELETE FROM {table} WHERE identity_id = @id", ("id", identity.Id));
            await delete.ExecuteNonQueryAsync(ct);
        }

        await InsertPartsAsync(connection, transaction, identity.Id, parts, ct);
        return true;
    }

    public async Task<IdentityRecord?> GetAsync(string id, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM identities WHERE id = @id", ct, ("id", id))).FirstOrDefault();

    public async Task<IdentityRecord?> GetByExternalIdAsync(string externalId, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM identities WHERE external_id = @external", ct, ("external", externalId))).FirstOrDefault();

    /// <summary>The identity's identifiers, by type then identifier.</summary>
    public async Task<List<CredentialIdentifier>> IdentifiersAsync(string id, CancellationToken ct)
        => (await PartsAsync([id], true, ct)).GetValueOrDefault(id, IdentityParts.Empty).Identifiers.ToList();

    /// <summary>The identity's identifiers, credentials and addresses.</summary>
    public async Task<IdentityParts> PartsAsync(string id, CancellationToken ct)
        => (await PartsAsync([id], true, ct)).GetValueOrDefault(id, IdentityParts.Empty);

    /// <summary>
    /// The parts of each identity in <paramref name="ids"/> (an identity with none is absent): addresses always,
    /// identifiers and credentials when <paramref name="withCredentials"/>. Identifiers by type then identifier,
    /// credentials by type, addresses by value.
    /// </summary>
    public async Task<Dictionary<string, IdentityParts>> PartsAsync(IReadOnlyList<string> ids, bool withCredentials, CancellationToken ct)
    {
        var result = new Dictionary<string, IdentityParts>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return result;
        }

        var parameters = ids.Select((id, i) => ($"id{i}", (object)id)).ToArray();
        var @in = "identity_id IN (" + string.Join(", ", ids.Select((_, i) => $"@id{i}")) + ")";
        IdentityParts Of(string id) => result.TryGetValue(id, out var parts) ? parts : result[id] = IdentityParts.Empty;
        await using var connection = await database.OpenConnectionAsync(ct);
        if (withCredentials)
        {
            await ReadAsync(connection, $"SELECT identity_id, credential_type, identifier FROM identity_credential_identifiers WHERE {@in} ORDER BY credential_type, identifier", parameters,
                reader => Add(reader.GetString(0), p => p with { Identifiers = [.. p.Identifiers, new CredentialIdentifier(reader.GetString(1), reader.GetString(2))] }), ct);
            await ReadAsync(connection, $"SELECT identity_id, credential_type, config, version, created_at, updated_at FROM identity_credentials WHERE {@in} ORDER BY credential_type", parameters,
                reader => Add(reader.GetString(0), p => p with { Credentials = [.. p.Credentials, ReadCredential(reader, 1)] }), ct);
        }

        await ReadAsync(connection, $"SELECT identity_id, id, via, address_value, verified, status, verified_at, created_at, updated_at FROM identity_verifiable_addresses WHERE {@in} ORDER BY id", parameters,
            reader => Add(reader.GetString(0), p => p with
            {
                VerifiableAddresses = [.. p.VerifiableAddresses, ReadVerifiableAddress(reader, 1, database.Dialect)],
            }), ct);
        await ReadAsync(connection, $"SELECT identity_id, id, via, address_value, created_at, updated_at FROM identity_recovery_addresses WHERE {@in} ORDER BY id", parameters,
            reader => Add(reader.GetString(0), p => p with
            {
                RecoveryAddresses = [.. p.RecoveryAddresses, ReadRecoveryAddress(reader, 1, 4, database.Dialect)],
            }), ct);
        return result;

        void Add(string id, Func<IdentityParts, IdentityParts> change) => result[id] = change(Of(id));
    }

    /// <summary>
    /// The identity whose credential of <paramref name="type"/> has <paramref name="identifier"/> (compared trimmed and
    /// lower-cased, as stored), with that credential; null when no identity has it. A credential that has identifiers
    /// but no stored row yet answers with an empty configuration.
    /// </summary>
    public async Task<(string IdentityId, IdentityCredential Credential)?> FindCredentialAsync(string type, string identifier, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null,
            "SELECT i.identity_id, c.credential_type, c.config, c.version, c.created_at, c.updated_at FROM identity_credential_identifiers i " +
            "LEFT JOIN identity_credentials c ON c.identity_id = i.identity_id AND c.credential_type = i.credential_type " +
            "WHERE i.credential_type = @type AND i.identifier = @identifier",
            ("type", type), ("identifier", identifier.Trim().ToLowerInvariant()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var credential = reader.IsDBNull(1) ? new IdentityCredential(type, IdentityCredential.EmptyConfig, 0, default, default) : ReadCredential(reader, 1);
        return (reader.GetString(0), credential);
    }

    /// <summary>Writes the identity's credential of <paramref name="credential"/>'s type, replacing one there was; false when there is no such identity.</summary>
    public async Task<bool> SaveCredentialAsync(string identityId, IdentityCredential credential, CancellationToken ct)
        => await database.InTransactionAsync((connection, transaction, token) => SaveCredentialAsync(connection, transaction, identityId, credential, token), ct);

    /// <summary><see cref="SaveCredentialAsync(string, IdentityCredential, CancellationToken)"/> in the caller's transaction.</summary>
    public async Task<bool> SaveCredentialAsync(DbConnection connection, DbTransaction transaction, string identityId, IdentityCredential credential, CancellationToken ct)
    {
        await using (var exists = SqlCommand.Create(connection, transaction, "SELECT COUNT(*) FROM identities WHERE id = @id", ("id", identityId)))
        {
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }
        }

        await using var upsert = SqlCommand.Create(connection, transaction,
            database.Dialect.Upsert("identity_credentials", ["identity_id", "credential_type"], ["identity_id", "credential_type", "config", "version", "created_at", "updated_at"]),
            CredentialParameters(identityId, credential));
        await upsert.ExecuteNonQueryAsync(ct);
        return true;
    }

    /// <summary>
    /// Replaces the configuration of the identity's credential of <paramref name="type"/> only if it still is
    /// <paramref name="expectedConfig"/> (a rehash after login must not undo a password changed meanwhile); true when replaced.
    /// </summary>
    public async Task<bool> ReplaceCredentialConfigAsync(string identityId, string type, string expectedConfig, string config, DateTimeOffset updatedAt, CancellationToken ct)
        => await database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var update = SqlCommand.Create(connection, transaction,
                "UPDATE identity_credentials SET config = @config, updated_at = @updated WHERE identity_id = @id AND credential_type = @type AND config = @expected",
                ("config", config), ("updated", database.Dialect.Timestamp(updatedAt)), ("id", identityId), ("type", type), ("expected", expectedConfig));
            return await update.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    /// <summary>Deletes the identity's credential of <paramref name="type"/> with its identifiers.</summary>
    public Task DeleteCredentialAsync(string identityId, string type, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            foreach (var table in new[] { "identity_credential_identifiers", "identity_credentials" })
            {
                await using var delete = SqlCommand.Create(connection, transaction, $"DELETE FROM {table} WHERE identity_id = @id AND credential_type = @type", ("id", identityId), ("type", type));
                await delete.ExecuteNonQueryAsync(token);
            }
        }, ct);

    /// <summary>
    /// A page ordered by id after <see cref="IdentityPage.AfterId"/> (skipping <see cref="IdentityPage.Offset"/> rows), narrowed by the page's filters: the
    /// identity one of whose credentials has the identifier (compared lower-cased, as stored) or an identifier
    /// starting with the similar one, the listed ids, the organization.
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

        if (page.CredentialsIdentifierSimilar is { } similar)
        {
            // Kratos's "similar" is a LIKE prefix match; '!' escapes the pattern's wildcards on every backend.
            sql += " AND id IN (SELECT identity_id FROM identity_credential_identifiers WHERE identifier LIKE @similar ESCAPE '!')";
            parameters.Add(("similar", EscapeLike(similar.Trim().ToLowerInvariant()) + "%"));
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

        return QueryAsync(sql + " ORDER BY id " + database.Dialect.Page(page.Limit, page.Offset), ct, parameters.ToArray());
    }

    /// <summary>How many identities there are, all of them (Kratos's <c>CountIdentities</c> takes no filter).</summary>
    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var count = SqlCommand.Create(connection, null, "SELECT COUNT(*) FROM identities");
        return Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes the identity with everything stored with it; false when there was none.</summary>
    public Task<bool> DeleteAsync(string id, CancellationToken ct)
        => database.InTransactionAsync(async (connection, transaction, token) =>
        {
            foreach (var table in PartTables)
            {
                await using var deleteParts = SqlCommand.Create(connection, transaction, $"DELETE FROM {table} WHERE identity_id = @id", ("id", id));
                await deleteParts.ExecuteNonQueryAsync(token);
            }

            await using var delete = SqlCommand.Create(connection, transaction, "DELETE FROM identities WHERE id = @id", ("id", id));
            return await delete.ExecuteNonQueryAsync(token) > 0;
        }, ct);

    private static readonly string[] PartTables = ["identity_credential_identifiers", "identity_credentials", "identity_verifiable_addresses", "identity_recovery_addresses"];

    private static string EscapeLike(string text) => text.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);

    private async Task InsertPartsAsync(DbConnection connection, DbTransaction transaction, string id, IdentityParts parts, CancellationToken ct)
    {
        foreach (var identifier in parts.Identifiers.Distinct())
        {
            await using var insert = SqlCommand.Create(connection, transaction,
                "INSERT INTO identity_credential_identifiers (credential_type, identifier, identity_id) VALUES (@type, @identifier, @id)",
                ("type", identifier.Type), ("identifier", identifier.Identifier), ("id", id));
            await insert.ExecuteNonQueryAsync(ct);
        }

        foreach (var credential in parts.Credentials.DistinctBy(c => c.Type))
        {
            await using var insert = SqlCommand.Create(connection, transaction,
                "INSERT INTO identity_credentials (identity_id, credential_type, config, version, created_at, updated_at) VALUES (@identity_id, @credential_type, @config, @version, @created_at, @updated_at)",
                CredentialParameters(id, credential));
            await insert.ExecuteNonQueryAsync(ct);
        }

        foreach (var address in parts.VerifiableAddresses)
        {
            await using var insert = SqlCommand.Create(connection, transaction,
                "INSERT INTO identity_verifiable_addresses (id, identity_id, via, address_value, verified, status, verified_at, created_at, updated_at) " +
                "VALUES (@id, @identity, @via, @value, @verified, @status, @verified_at, @created, @updated)",
                ("id", address.Id), ("identity", id), ("via", address.Via), ("value", address.Value), ("verified", database.Dialect.Boolean(address.Verified)),
                ("status", address.Status), ("verified_at", address.VerifiedAt is { } at ? database.Dialect.Timestamp(at) : DBNull.Value),
                ("created", database.Dialect.Timestamp(address.CreatedAt)), ("updated", database.Dialect.Timestamp(address.UpdatedAt)));
            await insert.ExecuteNonQueryAsync(ct);
        }

        foreach (var address in parts.RecoveryAddresses)
        {
            await using var insert = SqlCommand.Create(connection, transaction,
                "INSERT INTO identity_recovery_addresses (id, identity_id, via, address_value, created_at, updated_at) VALUES (@id, @identity, @via, @value, @created, @updated)",
                ("id", address.Id), ("identity", id), ("via", address.Via), ("value", address.Value),
                ("created", database.Dialect.Timestamp(address.CreatedAt)), ("updated", database.Dialect.Timestamp(address.UpdatedAt)));
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private (string, object)[] CredentialParameters(string identityId, IdentityCredential credential) =>
    [
        ("identity_id", identityId), ("credential_type", credential.Type), ("config", credential.Config), ("version", credential.Version),
        ("created_at", database.Dialect.Timestamp(credential.CreatedAt)), ("updated_at", database.Dialect.Timestamp(credential.UpdatedAt)),
    ];

    private IdentityCredential ReadCredential(DbDataReader reader, int first) => new(
        reader.GetString(first), reader.GetString(first + 1), Convert.ToInt32(reader.GetValue(first + 2), System.Globalization.CultureInfo.InvariantCulture),
        database.Dialect.ReadTimestamp(reader, first + 3), database.Dialect.ReadTimestamp(reader, first + 4));

    private static async Task ReadAsync(DbConnection connection, string sql, (string, object)[] parameters, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var command = SqlCommand.Create(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
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
            result.Add(ReadIdentity(reader, 0, database.Dialect));
        }

        return result;
    }

    /// <summary>The identity in <see cref="Columns"/> from <paramref name="first"/> on.</summary>
    internal static IdentityRecord ReadIdentity(DbDataReader reader, int first, ISqlDialect dialect) => new(
        reader.GetString(first), reader.GetString(first + 1), StoredJson.Parse(reader.GetString(first + 2)) as JsonObject ?? [], reader.GetString(first + 3),
        reader.IsDBNull(first + 4) ? null : StoredJson.Parse(reader.GetString(first + 4)), reader.IsDBNull(first + 5) ? null : StoredJson.Parse(reader.GetString(first + 5)),
        reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6), reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
        dialect.ReadTimestamp(reader, first + 8), dialect.ReadTimestamp(reader, first + 9),
        reader.IsDBNull(first + 10) ? null : dialect.ReadTimestamp(reader, first + 10));

    /// <summary>A verifiable address from <c>id, via, address_value, verified, status, verified_at, created_at, updated_at</c> at <paramref name="first"/>.</summary>
    internal static IdentityAddress ReadVerifiableAddress(DbDataReader reader, int first, ISqlDialect dialect) => new(
        reader.GetString(first), reader.GetString(first + 1), reader.GetString(first + 2), dialect.ReadBoolean(reader, first + 3), reader.GetString(first + 4),
        reader.IsDBNull(first + 5) ? null : dialect.ReadTimestamp(reader, first + 5), dialect.ReadTimestamp(reader, first + 6), dialect.ReadTimestamp(reader, first + 7));

    /// <summary>A recovery address from <c>id, via, address_value</c> at <paramref name="first"/> and <c>created_at, updated_at</c> at <paramref name="times"/>.</summary>
    internal static IdentityAddress ReadRecoveryAddress(DbDataReader reader, int first, int times, ISqlDialect dialect) => new(
        reader.GetString(first), reader.GetString(first + 1), reader.GetString(first + 2), false, IdentityAddress.Pending, null,
        dialect.ReadTimestamp(reader, times), dialect.ReadTimestamp(reader, times + 1));
}

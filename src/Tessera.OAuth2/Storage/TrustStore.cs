using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Trust;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Storage;

/// <summary>
/// Trusted JWT-bearer issuers in <c>oauth2_trusted_jwt_issuers</c>; their public keys live in the key
/// store under a set named after the issuer, as Hydra keeps them.
/// </summary>
internal sealed class TrustStore(Database database, KeyStore keys, TimeProvider time)
{
    private const string Columns = "id, issuer, subject, allow_any_subject, scope, key_set, key_id, created_at, expires_at";

    /// <summary>Stores the grant and its key in one transaction; null when the same issuer, subject and key are trusted already.</summary>
    public async Task<TrustedIssuer?> CreateAsync(string issuer, string subject, bool allowAnySubject, IReadOnlyList<string> scope, JsonObject publicKey, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var grant = new TrustedIssuer(Guid.NewGuid().ToString(), issuer, subject, allowAnySubject, scope, issuer, publicKey["kid"]!.GetValue<string>(), time.GetUtcNow(), expiresAt);
        try
        {
            await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                if ((await keys.GetKeyAsync(connection, transaction, grant.KeySet, grant.KeyId, token)) is null)
                {
                    await keys.AddKeysAsync(connection, transaction, grant.KeySet, [publicKey], token);
                }

                var scopeJson = new JsonArray(scope.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()).ToJsonString();
                await using var insert = SqlCommand.Create(connection, transaction,
                    $"INSERT INTO oauth2_trusted_jwt_issuers ({Columns}) VALUES (@id, @issuer, @subject, @any, @scope, @set, @kid, @created, @expires)",
                    ("id", grant.Id), ("issuer", issuer), ("subject", subject), ("any", database.Dialect.Boolean(allowAnySubject)), ("scope", scopeJson),
                    ("set", grant.KeySet), ("kid", grant.KeyId), ("created", database.Dialect.Timestamp(grant.CreatedAt)), ("expires", database.Dialect.Timestamp(expiresAt)));
                await insert.ExecuteNonQueryAsync(token);
            }, ct);
            return grant;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return null;
        }
    }

    public async Task<TrustedIssuer?> GetAsync(string id, CancellationToken ct)
        => (await QueryAsync($"SELECT {Columns} FROM oauth2_trusted_jwt_issuers WHERE id = @id", ct, ("id", id))).FirstOrDefault();

    /// <summary>A page ordered by id, after <paramref name="afterId"/>, optionally for one issuer.</summary>
    public Task<List<TrustedIssuer>> ListAsync(string? issuer, string afterId, int limit, CancellationToken ct)
        => QueryAsync(
            $"SELECT {Columns} FROM oauth2_trusted_jwt_issuers WHERE id > @after" + (issuer is null ? "" : " AND issuer = @issuer") + " ORDER BY id " + database.Dialect.Page(limit, 0),
            ct, issuer is null ? [("after", afterId)] : [("after", afterId), ("issuer", issuer)]);

    /// <summary>
    /// The grants, newest first, that let <paramref name="issuer"/> sign assertions for <paramref name="subject"/>
    /// (named or any subject) and have not expired; only those for key <paramref name="kid"/> when given.
    /// At most 100, as Hydra loads.
    /// </summary>
    public Task<List<TrustedIssuer>> FindAsync(string issuer, string subject, string? kid, CancellationToken ct)
    {
        var sql = $"SELECT {Columns} FROM oauth2_trusted_jwt_issuers WHERE issuer = @issuer AND (subject = @subject OR allow_any_subject = @any) AND expires_at > @now"
            + (kid is null ? "" : " AND key_id = @kid") + " ORDER BY created_at DESC, id " + database.Dialect.Page(100, 0);
        (string, object)[] parameters = [("issuer", issuer), ("subject", subject), ("any", database.Dialect.Boolean(true)), ("now", database.Dialect.Timestamp(time.GetUtcNow()))];
        return QueryAsync(sql, ct, kid is null ? parameters : [.. parameters, ("kid", kid)]);
    }

    /// <summary>Deletes the grant and its key; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var grant = await GetAsync(id, ct);
        if (grant is null)
        {
            return false;
        }

        await database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using var delete = SqlCommand.Create(connection, transaction, "DELETE FROM oauth2_trusted_jwt_issuers WHERE id = @id", ("id", id));
            await delete.ExecuteNonQueryAsync(token);
        }, ct);
        await keys.DeleteKeyAsync(grant.KeySet, grant.KeyId, ct);
        return true;
    }

    private async Task<List<TrustedIssuer>> QueryAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = SqlCommand.Create(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<TrustedIssuer>();
        while (await reader.ReadAsync(ct))
        {
            var scope = JsonNode.Parse(reader.GetString(4))!.AsArray().Select(s => s!.GetValue<string>()).ToList();
            result.Add(new TrustedIssuer(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), database.Dialect.ReadBoolean(reader, 3), scope,
                reader.GetString(5), reader.GetString(6), database.Dialect.ReadTimestamp(reader, 7), database.Dialect.ReadTimestamp(reader, 8)));
        }

        return result;
    }
}

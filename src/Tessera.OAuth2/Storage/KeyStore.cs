using System.Data.Common;
using System.Text.Json.Nodes;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Storage;

/// <summary>
/// JSON Web Key sets in <c>oauth2_jwk_sets</c> / <c>oauth2_jwks</c>. Keys are stored sealed with
/// <c>secrets.system</c>; the newest key of a set signs, older ones still verify until deleted.
/// </summary>
internal sealed class KeyStore(Database database, SecretBox box, TimeProvider time)
{
    private const string Purpose = "jwk";

    /// <summary>The creation of the sets named in <see cref="initialSetNames"/> at start (<see cref="EnsureSetsInBackground"/>).</summary>
    private Task initialSets = Task.CompletedTask;

    private IReadOnlyList<string> initialSetNames = [];

    /// <summary>
    /// Creates the sets the service needs (Hydra's <c>hydra.openid.id-token</c> and
    /// <c>hydra.jwt.access-token</c>) off the start path: RSA key generation takes from tens of
    /// milliseconds to a second, and the memory DSN of <c>--dev</c> needs it at every start. Every
    /// operation on one of these sets waits until they exist, so none of their keys is read, listed,
    /// replaced or signed with before; if creating them fails, those operations fail with that error.
    /// Operations on other sets (a trusted issuer's, say) never wait: the trust store reads keys inside
    /// its own write transaction, and on SQLite that transaction holds the one writer the background
    /// creation needs, so waiting there would never end. Call once, before the store is shared.
    /// </summary>
    public Task EnsureSetsInBackground(IReadOnlyList<string> sets, Func<JsonObject> generate, Action<string> created)
    {
        initialSetNames = sets;
        initialSets = Task.Run(async () =>
        {
            foreach (var set in sets)
            {
                if (await EnsureSetAsync(set, generate, CancellationToken.None))
                {
                    created(set);
                }
            }
        });
        return initialSets;
    }

    private Task InitialSetAsync(string set, CancellationToken ct) => initialSetNames.Contains(set) ? initialSets.WaitAsync(ct) : Task.CompletedTask;

    /// <summary>
    /// Creates the set with one key from <paramref name="generate"/> unless it exists. The key is made
    /// before the transaction, so that a slow generation (RSA) never holds SQLite's one writer. The set
    /// row's primary key makes concurrent first starts race safely: exactly one instance creates the
    /// key. Returns true when this call created it.
    /// </summary>
    public async Task<bool> EnsureSetAsync(string set, Func<JsonObject> generate, CancellationToken ct)
    {
        if (await SetExistsAsync(set, ct))
        {
            return false;
        }

        var key = generate();
        try
        {
            await database.InTransactionAsync(async (connection, transaction, token) =>
            {
                var now = database.Dialect.Timestamp(time.GetUtcNow());
                await using (var insertSet = Command(connection, transaction, "INSERT INTO oauth2_jwk_sets (set_id, created_at) VALUES (@set, @now)", ("set", set), ("now", now)))
                {
                    await insertSet.ExecuteNonQueryAsync(token);
                }

                await InsertKeyAsync(connection, transaction, set, key, token);
            }, ct);
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false; // another instance created it first
        }
    }

    private async Task<bool> SetExistsAsync(string set, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var exists = Command(connection, null, "SELECT COUNT(*) FROM oauth2_jwk_sets WHERE set_id = @set", ("set", set));
        return Convert.ToInt64(await exists.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Every key of the set, newest first, with private members.</summary>
    public async Task<IReadOnlyList<JsonObject>> GetSetAsync(string set, CancellationToken ct)
    {
        await InitialSetAsync(set, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        return await ReadSetAsync(connection, null, set, ct);
    }

    /// <summary>One key of a set, or null.</summary>
    public async Task<JsonObject?> GetKeyAsync(string set, string kid, CancellationToken ct) => WithKid(await GetSetAsync(set, ct), kid);

    /// <summary>The same, inside a caller's transaction (the trust store checks for the key before adding it).</summary>
    internal async Task<JsonObject?> GetKeyAsync(DbConnection connection, DbTransaction transaction, string set, string kid, CancellationToken ct)
        => WithKid(await ReadSetAsync(connection, transaction, set, ct), kid);

    private static JsonObject? WithKid(IReadOnlyList<JsonObject> keys, string kid) => keys.FirstOrDefault(k => k["kid"]?.GetValue<string>() == kid);

    private async Task<IReadOnlyList<JsonObject>> ReadSetAsync(DbConnection connection, DbTransaction? transaction, string set, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, "SELECT kid, key_data FROM oauth2_jwks WHERE set_id = @set ORDER BY created_at DESC, kid DESC", ("set", set));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<JsonObject>();
        while (await reader.ReadAsync(ct))
        {
            var kid = reader.GetString(0);
            var json = box.OpenString(Purpose + "/" + set, reader.GetString(1))
                ?? throw new InvalidOperationException($"Key {kid} of set {set} cannot be decrypted: was secrets.system changed without keeping the old secret in the list?");
            keys.Add(JsonNode.Parse(json)!.AsObject());
        }

        return keys;
    }

    /// <summary>Adds keys to a set, creating the set if needed; a key with an existing kid replaces it.</summary>
    public async Task AddKeysAsync(string set, IReadOnlyList<JsonObject> keys, CancellationToken ct)
    {
        await InitialSetAsync(set, ct);
        await database.InTransactionAsync((connection, transaction, token) => AddKeysAsync(connection, transaction, set, keys, token), ct);
    }

    /// <summary>The same, inside a caller's transaction (the trust store adds a grant and its key together).</summary>
    internal async Task AddKeysAsync(DbConnection connection, DbTransaction transaction, string set, IReadOnlyList<JsonObject> keys, CancellationToken token)
    {
        await using (var insertSet = Command(connection, transaction, database.Dialect.Upsert("oauth2_jwk_sets", ["set_id"], ["set_id", "created_at"]),
            ("set_id", set), ("created_at", database.Dialect.Timestamp(time.GetUtcNow()))))
        {
            await insertSet.ExecuteNonQueryAsync(token);
        }

        foreach (var key in keys)
        {
            await using (var delete = Command(connection, transaction, "DELETE FROM oauth2_jwks WHERE set_id = @set AND kid = @kid", ("set", set), ("kid", key["kid"]!.GetValue<string>())))
            {
                await delete.ExecuteNonQueryAsync(token);
            }

            await InsertKeyAsync(connection, transaction, set, key, token);
        }
    }

    /// <summary>Replaces every key of a set with <paramref name="keys"/>.</summary>
    public async Task ReplaceSetAsync(string set, IReadOnlyList<JsonObject> keys, CancellationToken ct)
    {
        await InitialSetAsync(set, ct);
        await database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using (var delete = Command(connection, transaction, "DELETE FROM oauth2_jwks WHERE set_id = @set", ("set", set)))
            {
                await delete.ExecuteNonQueryAsync(token);
            }

            await using (var insertSet = Command(connection, transaction, database.Dialect.Upsert("oauth2_jwk_sets", ["set_id"], ["set_id", "created_at"]),
                ("set_id", set), ("created_at", database.Dialect.Timestamp(time.GetUtcNow()))))
            {
                await insertSet.ExecuteNonQueryAsync(token);
            }

            foreach (var key in keys)
            {
                await InsertKeyAsync(connection, transaction, set, key, token);
            }
        }, ct);
    }

    /// <summary>Deletes a whole set; false when it did not exist.</summary>
    public async Task<bool> DeleteSetAsync(string set, CancellationToken ct)
    {
        await InitialSetAsync(set, ct);
        return await database.InTransactionAsync(async (connection, transaction, token) =>
        {
            await using (var keys = Command(connection, transaction, "DELETE FROM oauth2_jwks WHERE set_id = @set", ("set", set)))
            {
                await keys.ExecuteNonQueryAsync(token);
            }

            await using var sets = Command(connection, transaction, "DELETE FROM oauth2_jwk_sets WHERE set_id = @set", ("set", set));
            return await sets.ExecuteNonQueryAsync(token) > 0;
        }, ct);
    }

    /// <summary>Deletes one key; false when it did not exist.</summary>
    public async Task<bool> DeleteKeyAsync(string set, string kid, CancellationToken ct)
    {
        await InitialSetAsync(set, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var delete = Command(connection, null, "DELETE FROM oauth2_jwks WHERE set_id = @set AND kid = @kid", ("set", set), ("kid", kid));
        return await delete.ExecuteNonQueryAsync(ct) > 0;
    }

    private async Task InsertKeyAsync(DbConnection connection, DbTransaction transaction, string set, JsonObject key, CancellationToken ct)
    {
        var kid = key["kid"]!.GetValue<string>();
        await using var insert = Command(connection, transaction,
            "INSERT INTO oauth2_jwks (set_id, kid, alg, key_use, key_data, created_at) VALUES (@set, @kid, @alg, @use, @data, @now)",
            ("set", set), ("kid", kid), ("alg", key["alg"]?.GetValue<string>() ?? ""), ("use", key["use"]?.GetValue<string>() ?? "sig"),
            ("data", box.Seal(Purpose + "/" + set, key.ToJsonString())), ("now", database.Dialect.Timestamp(time.GetUtcNow())));
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
        => SqlCommand.Create(connection, transaction, sql, parameters);
}

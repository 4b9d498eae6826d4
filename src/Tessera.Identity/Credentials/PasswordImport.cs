using System.Text.Json.Nodes;
using Tessera.Identity.Identities;

namespace Tessera.Identity.Credentials;

/// <summary>
/// Kratos's <c>ImportPasswordCredentials</c>: the stored configuration of an imported password. A cleartext password
/// is hashed with the configured hasher and, as in Kratos, no password policy applies (an imported user must be able
/// to sign in with the old password); a hash must be of a format Kratos imports, with costs within its bounds.
/// </summary>
internal static class PasswordImport
{
    /// <summary>The credential's configuration JSON, or the 400 Kratos answers.</summary>
    public static (string? Config, IdentityError? Error) ConfigOf(PasswordImportRequest request, PasswordHashes hashes)
    {
        if (request.UsePasswordMigrationHook)
        {
            return (new JsonObject { ["use_password_migration_hook"] = true }.ToJsonString(), null);
        }

        var hashed = request.HashedPassword ?? "";
        if (request.Password is { Length: > 0 } password)
        {
            try
            {
                hashed = hashes.Hash(password);
            }
            catch (PasswordTooLongException e)
            {
                return (null, IdentityError.BadRequest(e.Message));
            }
        }

        if (!PasswordHashes.IsKnownFormat(hashed))
        {
            return (null, IdentityError.BadRequest("The imported password does not match any known hash format."));
        }

        // Kratos tells a hash that does not parse from one whose costs are out of bounds; both are refused here with one reason.
        return PasswordHashes.IsImportable(hashed)
            ? (HashedConfig(hashed), null)
            : (null, IdentityError.BadRequest("The imported password hash could not be parsed, or declares cost parameters that exceed the bounds enforced by Ory. Re-hash the password with a more conservative configuration before importing."));
    }

    /// <summary>A password credential's configuration: <c>{"hashed_password":"…"}</c>.</summary>
    public static string HashedConfig(string hash) => new JsonObject { ["hashed_password"] = hash }.ToJsonString();

    /// <summary>The stored hash of a password credential's configuration; null when it has none (no password, the migration hook).</summary>
    public static string? HashOf(string config)
    {
        try
        {
            return JsonNode.Parse(config) is JsonObject json && json["hashed_password"] is JsonValue v && v.TryGetValue<string>(out var hash) && hash.Length > 0 ? hash : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

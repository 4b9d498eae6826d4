using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Storage;

/// <summary>
/// Single use of JWT ids (<c>jti</c>) of client assertions and JWT-bearer grants, in
/// <c>oauth2_jti_blacklist</c>. A row holds the SHA-256 of issuer and jti until the token expires;
/// the primary key makes concurrent uses of the same jti race safely: exactly one wins.
/// </summary>
internal sealed class JtiStore(Database database, TimeProvider time)
{
    /// <summary>
    /// Records the jti as used until <paramref name="expiresAt"/>. False when the same issuer's jti
    /// is recorded and not yet expired; an expired record is replaced.
    /// </summary>
    public async Task<bool> TryUseAsync(string issuer, string jti, DateTimeOffset expiresAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentException.ThrowIfNullOrEmpty(jti);
        var signature = Signature(issuer, jti);
        await using var connection = await database.OpenConnectionAsync(ct);
        if (await TryInsertAsync(connection, signature, expiresAt, ct))
        {
            return true;
        }

        await using (var delete = SqlCommand.Create(connection, null,
            "DELETE FROM oauth2_jti_blacklist WHERE signature = @signature AND expires_at <= @now",
            ("signature", signature), ("now", database.Dialect.Timestamp(time.GetUtcNow()))))
        {
            if (await delete.ExecuteNonQueryAsync(ct) == 0)
            {
                return false;
            }
        }

        // Another use may have replaced the expired row between our delete and this insert; it wins.
        return await TryInsertAsync(connection, signature, expiresAt, ct);
    }

    /// <summary>Deletes records that expired before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var delete = SqlCommand.Create(connection, null, "DELETE FROM oauth2_jti_blacklist WHERE expires_at < @before",
            ("before", database.Dialect.Timestamp(before)));
        return await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Hex SHA-256 of the issuer and jti; the length prefix keeps ("ab", "c") apart from ("a", "bc").</summary>
    internal static string Signature(string issuer, string jti)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{issuer.Length}:{issuer}{jti}")));

    private async Task<bool> TryInsertAsync(DbConnection connection, string signature, DateTimeOffset expiresAt, CancellationToken ct)
    {
        try
        {
            await using var insert = SqlCommand.Create(connection, null, "INSERT INTO oauth2_jti_blacklist (signature, expires_at) VALUES (@signature, @expires)",
                ("signature", signature), ("expires", database.Dialect.Timestamp(expiresAt)));
            await insert.ExecuteNonQueryAsync(ct);
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// OIDC Core §8: the subject a client sees. Public clients see the subject itself; pairwise clients see
/// hex(SHA-256(sector + subject + salt)), where the sector is the client's sector_identifier_uri or the
/// host of its only redirect URI — the same value Hydra computes, so subjects survive a migration.
/// </summary>
internal static class SubjectIdentifiers
{
    public static string ForClient(OAuth2Client client, string subject, string salt, string? forced = null)
    {
        if (client.SubjectType != "pairwise")
        {
            return subject;
        }

        if (!string.IsNullOrEmpty(forced))
        {
            return forced;
        }

        var sector = client.SectorIdentifierUri is { Length: > 0 } uri ? uri
            : client.RedirectUris.Count > 0 && Uri.TryCreate(client.RedirectUris[0], UriKind.Absolute, out var redirect) ? redirect.Authority
            : client.Id;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sector + subject + salt)));
    }
}

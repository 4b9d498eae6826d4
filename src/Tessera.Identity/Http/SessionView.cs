using System.Text.Json.Nodes;
using Tessera.Identity.Sessions;
using Tessera.Platform.Json;

namespace Tessera.Identity.Http;

/// <summary>
/// A session as Kratos writes it: <c>id, active, expires_at, authenticated_at, authenticator_assurance_level,
/// authentication_methods, issued_at, identity, devices</c> and <c>tokenized</c> when asked for. The identity
/// carries no credentials; <c>metadata_admin</c> only on the admin API. Unexpanded identity and devices are null.
/// </summary>
internal static class SessionView
{
    public static JsonObject Render(SessionRecord session, DateTimeOffset now, string publicBase, bool admin, bool identity = true, bool devices = true, string? tokenized = null)
    {
        var json = new JsonObject
        {
            ["id"] = session.Id,
            ["active"] = session.IsActiveAt(now),
            ["expires_at"] = JsonFields.Time(session.ExpiresAt),
            ["authenticated_at"] = JsonFields.Time(session.AuthenticatedAt),
            ["authenticator_assurance_level"] = session.Aal,
            ["authentication_methods"] = new JsonArray(session.Methods.Select(m => (JsonNode)new JsonObject
            {
                ["method"] = m.Method,
                ["aal"] = m.Aal,
                ["completed_at"] = JsonFields.Time(m.CompletedAt),
            }).ToArray()),
            ["issued_at"] = JsonFields.Time(session.IssuedAt),
            ["identity"] = identity && session.Identity is { } owner ? Identity(owner, publicBase, admin) : null,
            ["devices"] = devices ? new JsonArray(session.Devices.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id,
                ["ip_address"] = d.IpAddress,
                ["user_agent"] = d.UserAgent,
                ["location"] = d.Location,
            }).ToArray()) : null,
        };
        if (tokenized is not null)
        {
            json["tokenized"] = tokenized;
        }

        return json;
    }

    private static JsonObject Identity(Identities.IdentityRecord identity, string publicBase, bool admin)
    {
        var json = IdentityView.Render(identity, publicBase);
        if (!admin)
        {
            json.Remove("metadata_admin");
        }

        return json;
    }
}

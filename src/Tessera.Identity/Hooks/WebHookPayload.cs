using System.Text.Json.Nodes;
using Tessera.Identity.Flows;
using Tessera.Identity.Http;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;

namespace Tessera.Identity.Hooks;

/// <summary>
/// The JSON a <c>web_hook</c> receives: the object Kratos hands its Jsonnet <c>body</c> as <c>ctx</c> —
/// <c>{flow, request_headers, request_method, request_url, request_cookies, identity, session?}</c> — sent as it is
/// (no template). Headers are the allow-listed ones; cookies leave out the session and anti-CSRF cookies; the identity
/// carries no credentials.
/// </summary>
internal static class WebHookPayload
{
    public static JsonObject Build(SelfServiceFlow flow, FlowRequest request, IdentityRecord identity, IdentityParts? parts, SessionRecord? session, string publicBase, DateTimeOffset now)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
        }

        var cookies = new JsonObject();
        foreach (var (name, value) in request.Cookies)
        {
            cookies[name] = value;
        }

        var json = new JsonObject
        {
            ["flow"] = flow.ToJson(),
            ["request_headers"] = headers,
            ["request_method"] = "POST",
            ["request_url"] = request.RequestUrl,
            ["request_cookies"] = cookies,
            ["identity"] = IdentityView.Render(identity, publicBase, (parts ?? IdentityParts.Empty) with { Credentials = [], Identifiers = [] }),
        };
        if (session is not null)
        {
            json["session"] = SessionView.Render(session, now, publicBase, admin: false, identity: false);
        }

        return json;
    }

    /// <summary>Kratos's <c>parseWebhookResponse</c> on a 200: the fields of <paramref name="changes"/> it takes over.</summary>
    public static IdentityRecord Apply(IdentityRecord identity, JsonObject changes) => identity with
    {
        Traits = changes["traits"] is JsonObject { Count: > 0 } traits ? (JsonObject)traits.DeepClone() : identity.Traits,
        SchemaId = changes["schema_id"] is JsonValue s && s.TryGetValue<string>(out var schema) && schema.Length > 0 ? schema : identity.SchemaId,
        State = changes["state"] is JsonValue st && st.TryGetValue<string>(out var state) && state.Length > 0 ? state : identity.State,
        MetadataPublic = changes["metadata_public"] is { } pub ? pub.DeepClone() : identity.MetadataPublic,
        MetadataAdmin = changes["metadata_admin"] is { } admin ? admin.DeepClone() : identity.MetadataAdmin,
        ExternalId = changes.ContainsKey("external_id") ? (changes["external_id"] as JsonValue)?.GetValue<string>() : identity.ExternalId,
    };
}

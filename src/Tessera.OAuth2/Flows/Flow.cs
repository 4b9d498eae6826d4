using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Flows;

/// <summary>
/// One login → consent → authorization response flow (a row of <c>oauth2_flows</c>). The id is the
/// login challenge; after consent the row is the consent session that remembered consent and
/// revocation work on.
/// </summary>
internal sealed class Flow
{
    public required string Id { get; init; }

    public string? ConsentChallenge { get; set; }

    public string? LoginVerifier { get; set; }

    public string? ConsentVerifier { get; set; }

    public int State { get; set; }

    public required string ClientId { get; init; }

    /// <summary>The subject: known up front for a remembered login, else set when login is accepted.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The login session (<c>sid</c>) this flow belongs to.</summary>
    public string? LoginSessionId { get; set; }

    public bool ConsentRemember { get; set; }

    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>When the current challenge or verifier stops being usable.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When a remembered consent stops counting; null means never.</summary>
    public DateTimeOffset? ConsentExpiresAt { get; set; }

    public required AuthorizationRequest Request { get; init; }

    /// <summary>The anti-CSRF value the browser's cookie must carry back with the verifier.</summary>
    public required string Csrf { get; set; }

    public bool LoginSkip { get; set; }

    public DateTimeOffset? AuthenticatedAt { get; set; }

    /// <summary>The login app's accept body (subject, remember, acr, amr, context …) once accepted.</summary>
    public JsonObject? Login { get; set; }

    /// <summary>The login or consent app's reject body (error, error_description …) once rejected.</summary>
    public JsonObject? Error { get; set; }

    public DateTimeOffset? LoginHandledAt { get; set; }

    public bool ConsentSkip { get; set; }

    public DateTimeOffset? ConsentRequestedAt { get; set; }

    /// <summary>The consent app's accept body (grant_scope, grant_access_token_audience, session, remember …).</summary>
    public JsonObject? Consent { get; set; }

    public DateTimeOffset? ConsentHandledAt { get; set; }

    /// <summary>For a device verification row: the login flow started for it once the user code was accepted.</summary>
    public string? LinkedFlowId { get; set; }

    public IReadOnlyList<string> GrantedScopes => Strings(Consent, "grant_scope");

    public IReadOnlyList<string> GrantedAudience => Strings(Consent, "grant_access_token_audience");

    public JsonObject LoginContext => Login?["context"] as JsonObject ?? [];

    public string? Acr => Login?["acr"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public IReadOnlyList<string> Amr => Strings(Login, "amr");

    internal static List<string> Strings(JsonObject? json, string name)
        => json?[name] is JsonArray a ? a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() : [];
}

using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Json;

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

    public IReadOnlyList<string> GrantedScopes => JsonFields.Strings(Consent, "grant_scope");

    public IReadOnlyList<string> GrantedAudience => JsonFields.Strings(Consent, "grant_access_token_audience");

    public JsonObject LoginContext => Login?["context"] as JsonObject ?? [];

    public string? Acr => JsonFields.Text(Login, "acr");

    public IReadOnlyList<string> Amr => JsonFields.Strings(Login, "amr");

    /// <summary>
    /// <paramref name="session"/> with what login and consent decided: the subject (as
    /// <paramref name="client"/> sees it), granted scopes and audiences, the consent's token claims, and
    /// the authentication facts an ID token reports.
    /// </summary>
    public GrantSession Granted(GrantSession session, OAuth2Client client, string pairwiseSalt)
    {
        var claims = Consent?["session"] as JsonObject;
        return session with
        {
            Subject = Subject,
            GrantedScopes = GrantedScopes,
            GrantedAudience = GrantedAudience,
            AccessTokenClaims = claims?["access_token"] as JsonObject is { } at ? (JsonObject)at.DeepClone() : [],
            IdTokenClaims = claims?["id_token"] as JsonObject is { } it ? (JsonObject)it.DeepClone() : [],
            AuthTime = AuthenticatedAt,
            Acr = Acr,
            Amr = Amr,
            SessionId = LoginSessionId,
            FlowId = Id,
            ObfuscatedSubject = SubjectFor(client, pairwiseSalt),
        };
    }

    /// <summary>The subject as <paramref name="client"/> sees it: public, pairwise, or the login's <c>force_subject_identifier</c>.</summary>
    public string SubjectFor(OAuth2Client client, string pairwiseSalt)
        => SubjectIdentifiers.ForClient(client, Subject, pairwiseSalt, JsonFields.Text(Login, "force_subject_identifier"));
}

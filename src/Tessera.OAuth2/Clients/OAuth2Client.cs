using System.Text.Json.Nodes;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// A registered OAuth 2.0 client in Hydra's model. <see cref="Metadata"/> holds the client's public
/// document exactly as the admin API renders it (without the secret); the typed properties are what
/// the protocol reads from it.
/// </summary>
internal sealed class OAuth2Client
{
    public required string Id { get; init; }

    /// <summary>The stored hash of the client secret, or null for a public client or one without a secret.</summary>
    public string? SecretHash { get; init; }

    /// <summary>The public document (Hydra's <c>oAuth2Client</c> without <c>client_secret</c>).</summary>
    public required JsonObject Document { get; init; }

    public string Name => Text("client_name") ?? "";

    public string Owner => Text("owner") ?? "";

    public IReadOnlyList<string> RedirectUris => Strings("redirect_uris");

    public IReadOnlyList<string> PostLogoutRedirectUris => Strings("post_logout_redirect_uris");

    public IReadOnlyList<string> GrantTypes => Strings("grant_types") is { Count: > 0 } g ? g : ["authorization_code"];

    public IReadOnlyList<string> ResponseTypes => Strings("response_types") is { Count: > 0 } r ? r : ["code"];

    public IReadOnlyList<string> Scopes => (Text("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> Audience => Strings("audience");

    public IReadOnlyList<string> AllowedCorsOrigins => Strings("allowed_cors_origins");

    public string TokenEndpointAuthMethod => Text("token_endpoint_auth_method") is { Length: > 0 } m ? m : "client_secret_basic";

    public string? TokenEndpointAuthSigningAlg => Text("token_endpoint_auth_signing_alg");

    public bool IsPublic => TokenEndpointAuthMethod == "none";

    public JsonObject? Jwks => Document["jwks"] as JsonObject;

    public string? JwksUri => Text("jwks_uri");

    public string SubjectType => Text("subject_type") is { Length: > 0 } s ? s : "public";

    public string? SectorIdentifierUri => Text("sector_identifier_uri");

    public string? UserinfoSignedResponseAlg => Text("userinfo_signed_response_alg");

    public string? FrontchannelLogoutUri => Text("frontchannel_logout_uri");

    public bool FrontchannelLogoutSessionRequired => Flag("frontchannel_logout_session_required");

    public string? BackchannelLogoutUri => Text("backchannel_logout_uri");

    public bool BackchannelLogoutSessionRequired => Flag("backchannel_logout_session_required");

    public bool SkipConsent => Flag("skip_consent");

    public bool SkipLogoutConsent => Flag("skip_logout_consent");

    /// <summary><c>opaque</c>, <c>jwt</c>, or null for the global <c>strategies.access_token</c>.</summary>
    public string? AccessTokenStrategy => Text("access_token_strategy") is { Length: > 0 } s ? s : null;

    /// <summary>A per-grant lifespan such as <c>authorization_code_grant_access_token_lifespan</c>, or null for the global TTL.</summary>
    public TimeSpan? Lifespan(string field)
        => Text(field) is { Length: > 0 } text && Platform.Persistence.GoDuration.TryParse(text, out var span) ? span : null;

    public bool AllowsGrant(string grant) => GrantTypes.Contains(grant);

    private string? Text(string name) => JsonFields.Text(Document, name);

    private bool Flag(string name) => JsonFields.Flag(Document, name);

    private List<string> Strings(string name) => JsonFields.Strings(Document, name).Where(s => s.Length > 0).ToList();
}

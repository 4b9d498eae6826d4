using System.Text.Json.Nodes;
using System.Text;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// A registered OAuth 2.0 client in Hydra's model. <see cref="Metadata"/> holds the client's public
/// document exactly as the admin API renders it (without the secret); the typed properties are what
/// the protocol reads from it (<see cref="ClientFacts"/>, read once per instance).
/// </summary>
internal sealed class OAuth2Client
{
    private JsonObject? document;
    private string? storedDocument;
    private ClientFacts? facts;

    public required string Id { get; init; }

    /// <summary>The stored hash of the client secret, or null for a public client or one without a secret.</summary>
    public string? SecretHash { get; init; }

    /// <summary>The public document (Hydra's <c>oAuth2Client</c> without <c>client_secret</c>); parsed on first use for a stored client.</summary>
    public JsonObject Document
    {
        get => document ??= JsonNode.Parse(storedDocument ?? "{}")!.AsObject();
        init => document = value;
    }

    public string Name => Facts.Name ?? "";

    public string Owner => Facts.Owner ?? "";

    public IReadOnlyList<string> RedirectUris => Facts.RedirectUris;

    public IReadOnlyList<string> PostLogoutRedirectUris => Facts.PostLogoutRedirectUris;

    public IReadOnlyList<string> GrantTypes => Facts.GrantTypes is { Count: > 0 } g ? g : ["authorization_code"];

    public IReadOnlyList<string> ResponseTypes => Facts.ResponseTypes is { Count: > 0 } r ? r : ["code"];

    public IReadOnlyList<string> Scopes => (Facts.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> Audience => Facts.Audience;

    public IReadOnlyList<string> AllowedCorsOrigins => Facts.AllowedCorsOrigins;

    public string TokenEndpointAuthMethod => Facts.TokenEndpointAuthMethod is { Length: > 0 } m ? m : "client_secret_basic";

    public string? TokenEndpointAuthSigningAlg => Facts.TokenEndpointAuthSigningAlg;

    public bool IsPublic => TokenEndpointAuthMethod == "none";

    public JsonObject? Jwks => Document["jwks"] as JsonObject;

    public string? JwksUri => Facts.JwksUri;

    public string SubjectType => Facts.SubjectType is { Length: > 0 } s ? s : "public";

    public string? SectorIdentifierUri => Facts.SectorIdentifierUri;

    public string? UserinfoSignedResponseAlg => Facts.UserinfoSignedResponseAlg;

    public string? FrontchannelLogoutUri => Facts.FrontchannelLogoutUri;

    public bool FrontchannelLogoutSessionRequired => Facts.FrontchannelLogoutSessionRequired;

    public string? BackchannelLogoutUri => Facts.BackchannelLogoutUri;

    public bool BackchannelLogoutSessionRequired => Facts.BackchannelLogoutSessionRequired;

    public bool SkipConsent => Facts.SkipConsent;

    public bool SkipLogoutConsent => Facts.SkipLogoutConsent;

    /// <summary><c>opaque</c>, <c>jwt</c>, or null for the global <c>strategies.access_token</c>.</summary>
    public string? AccessTokenStrategy => Facts.AccessTokenStrategy is { Length: > 0 } s ? s : null;

    private ClientFacts Facts => facts ??= storedDocument is null ? ClientFacts.Read(Encoding.UTF8.GetBytes(Document.ToJsonString())) : ClientFactsMemo.Of(storedDocument);

    /// <summary>A client as stored: the document stays text until something needs it as a document.</summary>
    public static OAuth2Client FromStored(string id, string? secretHash, string document)
        => new() { Id = id, SecretHash = secretHash, storedDocument = document };

    /// <summary>A per-grant lifespan such as <c>authorization_code_grant_access_token_lifespan</c>, or null for the global TTL.</summary>
    public TimeSpan? Lifespan(string field)
        => Facts.Lifespans.TryGetValue(field, out var text) && text.Length > 0 && Platform.Persistence.GoDuration.TryParse(text, out var span) ? span : null;

    public bool AllowsGrant(string grant) => GrantTypes.Contains(grant);
}

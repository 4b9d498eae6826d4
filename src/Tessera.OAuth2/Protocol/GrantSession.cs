using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// What a grant decided, stored with each token it produced (the <c>data</c> column of
/// <c>oauth2_tokens</c>): who, for which client, which scopes and audiences were granted, the extra
/// claims from consent, and the OpenID Connect facts an ID token needs. Stored by
/// <see cref="Storage.GrantSessionCodec"/>.
/// </summary>
internal sealed record GrantSession
{
    public required string ClientId { get; init; }

    public string Subject { get; init; } = "";

    public required string GrantType { get; init; }

    public IReadOnlyList<string> GrantedScopes { get; init; } = [];

    public IReadOnlyList<string> GrantedAudience { get; init; } = [];

    public IReadOnlyList<string> RequestedScopes { get; init; } = [];

    public IReadOnlyList<string> RequestedAudience { get; init; } = [];

    /// <summary>Extra claims for access tokens and introspection (<c>session.access_token</c> at consent).</summary>
    public JsonObject AccessTokenClaims { get; init; } = [];

    /// <summary>Extra claims for ID tokens (<c>session.id_token</c> at consent).</summary>
    public JsonObject IdTokenClaims { get; init; } = [];

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? AuthTime { get; init; }

    public string? Acr { get; init; }

    public IReadOnlyList<string> Amr { get; init; } = [];

    public string? Nonce { get; init; }

    /// <summary>The login session id (<c>sid</c>), when the grant came through a login.</summary>
    public string? SessionId { get; init; }

    /// <summary>The consent flow the grant came from, so revoking consent finds its tokens.</summary>
    public string? FlowId { get; init; }

    /// <summary>The subject as the client sees it (pairwise or public).</summary>
    public string? ObfuscatedSubject { get; init; }

    public string? RedirectUri { get; init; }

    public string? CodeChallenge { get; init; }

    public string? CodeChallengeMethod { get; init; }

    /// <summary>For a device code: <c>pending</c>, <c>authorized</c> or <c>denied</c>; null otherwise.</summary>
    public string? DeviceStatus { get; init; }

    /// <summary>The access token strategy the grant uses (<c>opaque</c> or <c>jwt</c>).</summary>
    public string AccessTokenStrategy { get; init; } = "opaque";

    public bool HasScope(string scope) => GrantedScopes.Contains(scope);
}

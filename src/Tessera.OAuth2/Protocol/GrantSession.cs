using System.Text.Json.Nodes;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// What a grant decided, stored with each token it produced (the <c>data</c> column of
/// <c>oauth2_tokens</c>): who, for which client, which scopes and audiences were granted, the extra
/// claims from consent, and the OpenID Connect facts an ID token needs.
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

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["client_id"] = ClientId,
            ["subject"] = Subject,
            ["grant_type"] = GrantType,
            ["granted_scope"] = JsonFields.Array(GrantedScopes),
            ["granted_audience"] = JsonFields.Array(GrantedAudience),
            ["requested_scope"] = JsonFields.Array(RequestedScopes),
            ["requested_audience"] = JsonFields.Array(RequestedAudience),
            ["access_token_claims"] = AccessTokenClaims.DeepClone(),
            ["id_token_claims"] = IdTokenClaims.DeepClone(),
            ["requested_at"] = JsonFields.Time(RequestedAt),
            ["amr"] = JsonFields.Array(Amr),
            ["access_token_strategy"] = AccessTokenStrategy,
        };
        Optional(json, "auth_time", AuthTime is { } at ? JsonFields.Time(at) : null);
        Optional(json, "acr", Acr);
        Optional(json, "nonce", Nonce);
        Optional(json, "sid", SessionId);
        Optional(json, "flow_id", FlowId);
        Optional(json, "obfuscated_subject", ObfuscatedSubject);
        Optional(json, "redirect_uri", RedirectUri);
        Optional(json, "code_challenge", CodeChallenge);
        Optional(json, "code_challenge_method", CodeChallengeMethod);
        Optional(json, "device_status", DeviceStatus);
        return json;
    }

    public static GrantSession FromJson(JsonObject json) => new()
    {
        ClientId = JsonFields.Text(json, "client_id") ?? "",
        Subject = JsonFields.Text(json, "subject") ?? "",
        GrantType = JsonFields.Text(json, "grant_type") ?? "",
        GrantedScopes = JsonFields.Strings(json, "granted_scope"),
        GrantedAudience = JsonFields.Strings(json, "granted_audience"),
        RequestedScopes = JsonFields.Strings(json, "requested_scope"),
        RequestedAudience = JsonFields.Strings(json, "requested_audience"),
        AccessTokenClaims = json["access_token_claims"] as JsonObject is { } a ? (JsonObject)a.DeepClone() : [],
        IdTokenClaims = json["id_token_claims"] as JsonObject is { } i ? (JsonObject)i.DeepClone() : [],
        RequestedAt = JsonFields.ParseTime(JsonFields.Text(json, "requested_at")) ?? DateTimeOffset.UnixEpoch,
        AuthTime = JsonFields.ParseTime(JsonFields.Text(json, "auth_time")),
        Acr = JsonFields.Text(json, "acr"),
        Amr = JsonFields.Strings(json, "amr"),
        Nonce = JsonFields.Text(json, "nonce"),
        SessionId = JsonFields.Text(json, "sid"),
        FlowId = JsonFields.Text(json, "flow_id"),
        ObfuscatedSubject = JsonFields.Text(json, "obfuscated_subject"),
        RedirectUri = JsonFields.Text(json, "redirect_uri"),
        CodeChallenge = JsonFields.Text(json, "code_challenge"),
        CodeChallengeMethod = JsonFields.Text(json, "code_challenge_method"),
        AccessTokenStrategy = JsonFields.Text(json, "access_token_strategy") ?? "opaque",
        DeviceStatus = JsonFields.Text(json, "device_status"),
    };

    private static void Optional(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}

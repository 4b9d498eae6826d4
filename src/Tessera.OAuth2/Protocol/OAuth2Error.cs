namespace Tessera.OAuth2.Protocol;

/// <summary>
/// A protocol error with its RFC 6749 / OpenID Connect name, a description for the client and the HTTP
/// status Hydra answers it with. Protocol code returns these; <c>Http/</c> renders them.
/// </summary>
internal sealed record OAuth2Error(string Error, string Description, int Status = 400)
{
    public static OAuth2Error InvalidRequest(string description) => new("invalid_request", description);

    public static OAuth2Error InvalidClient(string description) => new("invalid_client", description, 401);

    public static OAuth2Error InvalidGrant(string description) => new("invalid_grant", description);

    public static OAuth2Error UnauthorizedClient(string description) => new("unauthorized_client", description);

    public static OAuth2Error UnsupportedGrantType(string description) => new("unsupported_grant_type", description);

    public static OAuth2Error UnsupportedResponseType(string description) => new("unsupported_response_type", description);

    public static OAuth2Error InvalidScope(string description) => new("invalid_scope", description);

    public static OAuth2Error AccessDenied(string description) => new("access_denied", description, 403);

    public static OAuth2Error RequestUnauthorized(string description) => new("request_unauthorized", description, 401);

    public static OAuth2Error LoginRequired(string description) => new("login_required", description);

    public static OAuth2Error ConsentRequired(string description) => new("consent_required", description);

    public static OAuth2Error InvalidToken(string description) => new("invalid_token", description, 401);

    public static OAuth2Error ServerError(string description) => new("server_error", description, 500);

    /// <summary>RFC 8628: the user has not finished yet.</summary>
    public static OAuth2Error AuthorizationPending(string description) => new("authorization_pending", description);

    public static OAuth2Error SlowDown(string description) => new("slow_down", description);

    public static OAuth2Error ExpiredToken(string description) => new("expired_token", description);

    /// <summary>Writes the error with <paramref name="description"/> appended to the existing one.</summary>
    public OAuth2Error WithHint(string hint) => this with { Description = Description + " " + hint };
}

namespace Tessera.OAuth2.Flows;

/// <summary>A logout request (a row of <c>oauth2_logout_requests</c>): whose session ends, and where the browser goes after.</summary>
internal sealed class LogoutRequest
{
    public const int Unused = 1;
    public const int Accepted = 2;
    public const int Used = 3;
    public const int Rejected = 4;

    public required string Id { get; init; }

    public string? Verifier { get; set; }

    public string Subject { get; init; } = "";

    public string? SessionId { get; init; }

    public string? ClientId { get; init; }

    public int State { get; set; } = Unused;

    public DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public required string RequestUrl { get; init; }

    /// <summary>True when a relying party started it (with an <c>id_token_hint</c>).</summary>
    public bool RpInitiated { get; init; }

    public string? PostLogoutRedirectUri { get; init; }

    public string? ClientState { get; init; }
}

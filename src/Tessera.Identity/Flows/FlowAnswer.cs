using System.Text.Json.Nodes;

namespace Tessera.Identity.Flows;

/// <summary>
/// What a flow operation answers, for <c>Http/</c> to write: a JSON body with a status, or a 303 to
/// <see cref="RedirectTo"/>; and, when a browser flow started without a usable anti-CSRF cookie, the
/// cookie token to set.
/// </summary>
internal sealed record FlowAnswer(int Status, JsonNode? Body, string? RedirectTo = null)
{
    public string? SetCsrfCookie { get; init; }

    /// <summary>Other <c>Set-Cookie</c> header values to send (the session cookie's removal on logout).</summary>
    public IReadOnlyList<string> SetCookies { get; init; } = [];

    /// <summary>An answer without a body (logout's 204).</summary>
    public static FlowAnswer Empty(int status) => new(status, null);

    /// <summary>A completed flow's answer (rendered by <c>Http/</c> with status 200), when <see cref="Body"/> is null and no redirect.</summary>
    public FlowCompleted? Completed { get; init; }

    /// <summary>The session cookie to set (a completed browser flow).</summary>
    public Sessions.SessionCookie? SetSessionCookie { get; init; }

    /// <summary>The flow as completed (state <c>passed_challenge</c>), for the framework to store.</summary>
    public SelfServiceFlow? CompletedFlow { get; init; }

    public static FlowAnswer Json(int status, JsonNode body) => new(status, body);

    public static FlowAnswer Redirect(string url) => new(303, null, url);

    public static FlowAnswer Error(FlowError error, FlowRequest request) => new(error.Status, error.ToJson(request.RequestId)) { RetryAfterSeconds = error.RetryAfterSeconds };

    /// <summary>A <c>Retry-After</c> header to send.</summary>
    public long? RetryAfterSeconds { get; init; }
}

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

    public static FlowAnswer Json(int status, JsonNode body) => new(status, body);

    public static FlowAnswer Redirect(string url) => new(303, null, url);

    public static FlowAnswer Error(FlowError error, FlowRequest request) => new(error.Status, error.ToJson(request.RequestId));
}

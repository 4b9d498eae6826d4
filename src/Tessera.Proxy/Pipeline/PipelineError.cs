using Microsoft.AspNetCore.WebUtilities;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// Why a request is not let through, as Oathkeeper's handlers report it: a status-coded error (herodot's
/// <c>DefaultError</c>: code, message, reason) or a plain error (<see cref="HasStatus"/> false), which every
/// error handler treats as an internal server error. <see cref="Headers"/> are copied to the answer by the
/// json handler (an upstream's rate-limit headers, for example).
/// </summary>
internal sealed record PipelineError(int Status, string Message, string? Reason = null)
{
    /// <summary>False for Go's plain errors: matched by <c>when.error</c> only as internal_server_error.</summary>
    public bool HasStatus { get; init; } = true;

    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }

    /// <summary>The name <c>when.error</c> uses: the status text lower-cased with underscores (<c>not_found</c>).</summary>
    public string Kind => KindOf(HasStatus ? Status : 500);

    public static PipelineError Unauthorized { get; } = new(401, "Access credentials are invalid");

    public static PipelineError Forbidden { get; } = new(403, "Access credentials are not sufficient to access this resource");

    public static PipelineError NoRule { get; } = new(404, "Requested url does not match any rules");

    public static PipelineError ManyRules { get; } = new(500, "Expected exactly one rule but found multiple rules");

    public static PipelineError TooManyRequests { get; } = new(429, "Too many requests");

    /// <summary>A plain (not status-coded) error: Go's <c>errors.New</c>.</summary>
    public static PipelineError Plain(string message) => new(500, message) { HasStatus = false };

    /// <summary>Oathkeeper's "… matching this route is misconfigured or disabled" (500) with its reason.</summary>
    public static PipelineError Misconfigured(HandlerKind kind, string reason)
        => new(500, $"{kind.Singular()} matching this route is misconfigured or disabled", reason);

    public static string KindOf(int status)
        => ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant().Replace(' ', '_').Replace("'", "", StringComparison.Ordinal);
}

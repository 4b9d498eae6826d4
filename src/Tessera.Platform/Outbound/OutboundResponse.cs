using System.Net;

namespace Tessera.Platform.Outbound;

/// <summary>A peer's answer: its status and, for a success status, its whole body (within the call's size limit).</summary>
internal sealed record OutboundResponse(HttpStatusCode Status, byte[] Body)
{
    /// <summary>The answer's <c>ETag</c> header, as sent (quotes and <c>W/</c> included), for a conditional GET next time.</summary>
    public string? ETag { get; init; }

    /// <summary>The answer's headers (content headers included), for callers that pass some on (rate-limit headers, an authorizer's headers).</summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The first value of a header (any case), or null: Go's <c>Header.Get</c>.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Length > 0 ? values[0] : null;

    public bool IsSuccess => (int)Status is >= 200 and <= 299;
}

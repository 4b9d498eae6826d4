using System.Net;

namespace Tessera.Platform.Outbound;

/// <summary>A peer's answer: its status and, for a success status, its whole body (within the call's size limit).</summary>
internal sealed record OutboundResponse(HttpStatusCode Status, byte[] Body)
{
    /// <summary>The answer's <c>ETag</c> header, as sent (quotes and <c>W/</c> included), for a conditional GET next time.</summary>
    public string? ETag { get; init; }

    public bool IsSuccess => (int)Status is >= 200 and <= 299;
}

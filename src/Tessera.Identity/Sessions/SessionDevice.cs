namespace Tessera.Identity.Sessions;

/// <summary>A device a session was used from, as Kratos's <c>session.devices[]</c>: the client's IP address, user agent and location (Cloudflare's city and country headers).</summary>
internal sealed record SessionDevice(string Id, string? IpAddress, string? UserAgent, string? Location)
{
    /// <summary>A device seen now, with a new id.</summary>
    public static SessionDevice New(string? ipAddress, string? userAgent, string? location) => new(Guid.CreateVersion7().ToString(), ipAddress, userAgent, location);
}

using System.Net;

namespace Tessera.Platform.Hosting;

/// <summary>
/// One listener's settings, read from <c>serve.&lt;name&gt;</c> (with <c>serve.tls</c> as the fallback for TLS).
/// <see cref="UnixSocketPath"/> is set when the host is <c>unix:/path</c>.
/// </summary>
public sealed record ListenerOptions
{
    public required string Name { get; init; }

    public bool IsAdmin { get; init; }

    /// <summary>Whether the listener is opened (false for an opt-in listener nobody configured).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>HTTP/2 only (gRPC); see <see cref="Services.ListenerDescriptor.Http2Only"/>.</summary>
    public bool Http2Only { get; init; }

    public string Host { get; init; } = "";

    public int Port { get; init; }

    public string? UnixSocketPath { get; init; }

    public int SocketMode { get; init; } = 493; // 0755, as Ory

    public string SocketOwner { get; init; } = "";

    public string SocketGroup { get; init; } = "";

    public TlsCertificateSource? Tls { get; init; }

    public IReadOnlyList<IPNetwork> AllowTerminationFrom { get; init; } = [];

    public CorsOptions Cors { get; init; } = new();

    public bool DisableHealthRequestLog { get; init; }

    /// <summary>Where the listener can be reached, for logs.</summary>
    public string Describe()
        => UnixSocketPath is not null
            ? $"unix:{UnixSocketPath}"
            : $"{(Tls is null ? "http" : "https")}://{(Host.Length == 0 ? "0.0.0.0" : Host)}:{Port}";
}

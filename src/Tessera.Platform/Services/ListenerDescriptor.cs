namespace Tessera.Platform.Services;

/// <summary>
/// A named listener of a service (<see cref="ListenerNames"/>), configured under
/// <c>serve.&lt;name&gt;</c>. Admin listeners also serve <c>/version</c> and <c>/metrics/prometheus</c>.
/// </summary>
public sealed record ListenerDescriptor(string Name, int DefaultPort, bool IsAdmin)
{
    /// <summary>
    /// The environment variable CLI commands read for this listener's URL when no <c>--endpoint</c> is
    /// given; null means <c>TESSERA_&lt;SERVICE&gt;_&lt;LISTENER&gt;_URL</c>.
    /// </summary>
    public string? UrlVariable { get; init; }

    /// <summary>
    /// Speaks HTTP/2 only, as gRPC needs: with prior knowledge on plain TCP (h2c), through ALPN with TLS.
    /// Other listeners take HTTP/1.1 and, with TLS, HTTP/2.
    /// </summary>
    public bool Http2Only { get; init; }

    /// <summary>
    /// Opened only when configured: <c>serve.&lt;name&gt;.enabled: true</c>, or, with <c>enabled</c> unset,
    /// a <c>port</c> or <c>host</c> given by a config file or the environment (not the schema's default).
    /// </summary>
    public bool OptIn { get; init; }

    /// <summary>Largest request body accepted (larger ones get 413); null for no limit (a reverse proxy streams bodies on).</summary>
    public long? MaxRequestBodyBytes { get; init; } = 1024 * 1024;
}

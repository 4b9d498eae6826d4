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
}

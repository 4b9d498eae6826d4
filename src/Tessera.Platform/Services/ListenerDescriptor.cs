namespace Tessera.Platform.Services;

/// <summary>
/// A named listener of a service (<c>public</c>, <c>admin</c>, <c>proxy</c>, <c>api</c>), configured under
/// <c>serve.&lt;name&gt;</c>. Admin listeners also serve <c>/version</c> and <c>/metrics/prometheus</c>.
/// </summary>
public sealed record ListenerDescriptor(string Name, int DefaultPort, bool IsAdmin);

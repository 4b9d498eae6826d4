using Microsoft.AspNetCore.Http;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Renders an error in a listener's own shape: Ory's generic body by default, RFC 6749's
/// <c>{error, error_description}</c> where a service plugs that in.
/// </summary>
public delegate Task ErrorWriter(HttpContext context, int status, string message);

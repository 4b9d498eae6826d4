namespace Tessera.Proxy.Pipeline;

/// <summary>A handler's configuration cannot be used; the message names the key (<c>mutators.header.config.headers is required</c>).</summary>
internal sealed class HandlerConfigException(string message) : Exception(message);

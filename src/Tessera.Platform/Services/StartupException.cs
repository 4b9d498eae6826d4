namespace Tessera.Platform.Services;

/// <summary>A service refuses to start as configured; the message says what to change.</summary>
internal sealed class StartupException(string message) : Exception(message);

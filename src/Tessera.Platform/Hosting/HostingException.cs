namespace Tessera.Platform.Hosting;

/// <summary>A listener cannot be set up as configured; the message says which setting and why.</summary>
public sealed class HostingException : Exception
{
    public HostingException(string message)
        : base(message)
    {
    }

    public HostingException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

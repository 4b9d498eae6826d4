namespace Tessera.Platform.Persistence;

/// <summary>
/// A DSN that cannot be used. The message names the offending part and why, and never contains
/// the password: it is built from the redacted form only.
/// </summary>
public sealed class DsnException : Exception
{
    public DsnException(string message)
        : base(message)
    {
    }

    public DsnException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

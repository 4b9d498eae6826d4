namespace Tessera.Identity.Credentials;

/// <summary>The password is longer than the configured hasher can take (bcrypt's 72 bytes); Kratos answers this as a password policy violation.</summary>
internal sealed class PasswordTooLongException(int maxBytes, int actualBytes)
    : ArgumentException($"The password is {actualBytes} bytes long; at most {maxBytes} are allowed.")
{
    public int MaxBytes { get; } = maxBytes;

    public int ActualBytes { get; } = actualBytes;
}

namespace Tessera.Identity.Credentials;

/// <summary>
/// LDAP's salted SHA: <c>{SSHA}</c>, <c>{SSHA256}</c>, <c>{SSHA512}</c> followed by padded base64 of digest‖salt,
/// where the digest is SHA(password‖salt) and the salt is at least one byte.
/// </summary>
internal sealed class SshaHash : IPasswordHashFormat
{
    public static SshaHash Instance { get; } = new();

    public string Name => "ssha";

    public bool Matches(string hash) =>
        hash.StartsWith("{SSHA}", StringComparison.Ordinal) || hash.StartsWith("{SSHA256}", StringComparison.Ordinal)
        || hash.StartsWith("{SSHA512}", StringComparison.Ordinal);

    public bool Verify(string hash, byte[] password)
    {
        var (digest, prefixLength, digestLength) = hash switch
        {
            _ when hash.StartsWith("{SSHA}", StringComparison.Ordinal) => ("sha1", 6, 20),
            _ when hash.StartsWith("{SSHA256}", StringComparison.Ordinal) => ("sha256", 9, 32),
            _ when hash.StartsWith("{SSHA512}", StringComparison.Ordinal) => ("sha512", 9, 64),
            _ => ("", 0, 0),
        };
        if (digestLength == 0 || !HashText.TryDecodeLenient(hash[prefixLength..], out var decoded) || decoded.Length <= digestLength)
        {
            return false;
        }

        var actual = ShaDigest.Compute(digest, [.. password, .. decoded.AsSpan(digestLength)]);
        return actual is not null && HashText.FixedTimeEquals(actual, decoded.AsSpan(0, digestLength));
    }
}

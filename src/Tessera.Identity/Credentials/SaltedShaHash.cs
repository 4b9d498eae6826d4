namespace Tessera.Identity.Credentials;

/// <summary>
/// Kratos's salted SHA in PHC shape: <c>$sha1|sha256|sha512$pf=&lt;format&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, every part padded
/// base64; the format (for example <c>{SALT}{PASSWORD}</c>) says how salt and password are joined before hashing.
/// </summary>
internal sealed class SaltedShaHash : IPasswordHashFormat
{
    public static SaltedShaHash Instance { get; } = new();

    public string Name => "sha";

    public bool Matches(string hash) =>
        hash.StartsWith("$sha1$", StringComparison.Ordinal) || hash.StartsWith("$sha256$", StringComparison.Ordinal)
        || hash.StartsWith("$sha512$", StringComparison.Ordinal);

    public bool Verify(string hash, byte[] password)
    {
        var parts = hash.Split('$');
        if (parts.Length != 5 || !TryDecodeSaltingFormat(parts[2], out var format)
            || !HashText.TryDecodePadded(parts[3], out var salt) || !HashText.TryDecodePadded(parts[4], out var expected))
        {
            return false;
        }

        var actual = ShaDigest.Compute(parts[1], HashText.ApplySaltingFormat(format, salt, password));
        return actual is not null && HashText.FixedTimeEquals(actual, expected);
    }

    /// <summary>Decodes a <c>pf=&lt;base64&gt;</c> segment.</summary>
    internal static bool TryDecodeSaltingFormat(string segment, out byte[] format)
    {
        format = [];
        return segment.StartsWith("pf=", StringComparison.Ordinal) && HashText.TryDecodePadded(segment[3..], out format) && format.Length > 0;
    }
}

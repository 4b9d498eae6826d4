namespace Tessera.Identity.Credentials;

/// <summary>
/// <c>$scrypt$ln=&lt;N&gt;,r=&lt;r&gt;,p=&lt;p&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, salt and hash padded base64. Despite its name Kratos
/// reads <c>ln</c> as N itself (not its logarithm), within Kratos's bounds N ≤ 2¹⁷, r ≤ 8, p ≤ 10.
/// </summary>
internal sealed class ScryptHash : IPasswordHashFormat
{
    public const long MaxN = 1 << 17;
    public const long MaxR = 8;
    public const long MaxP = 10;

    public static ScryptHash Instance { get; } = new();

    public string Name => "scrypt";

    public bool Matches(string hash) => hash.StartsWith("$scrypt$", StringComparison.Ordinal);

    public bool IsImportable(string hash) => TryDecode(hash, out _, out _, out _);

    public bool Verify(string hash, byte[] password)
    {
        if (!TryDecode(hash, out var parameters, out var salt, out var expected) || expected.Length == 0
            || !System.Numerics.BitOperations.IsPow2(parameters[0]) || parameters[0] < 2)
        {
            return false;
        }

        var actual = Scrypt.DeriveKey(password, salt, (int)parameters[0], (int)parameters[1], (int)parameters[2], expected.Length);
        return HashText.FixedTimeEquals(actual, expected);
    }

    /// <summary>Reads an <c>ln=…,r=…,p=…</c> segment and checks r and p against Kratos's bounds.</summary>
    internal static bool TryParseCost(string segment, long maxLn, out long[] parameters)
    {
        parameters = new long[3];
        return HashText.TryParseParameters(segment, ["ln", "r", "p"], parameters)
            && parameters[0] <= maxLn && parameters[1] is >= 1 and <= MaxR && parameters[2] is >= 1 and <= MaxP;
    }

    private static bool TryDecode(string hash, out long[] parameters, out byte[] salt, out byte[] key)
    {
        salt = key = [];
        var parts = hash.Split('$');
        parameters = [];
        return parts.Length == 5 && TryParseCost(parts[2], MaxN, out parameters) && parameters[0] >= 1
            && HashText.TryDecodePadded(parts[3], out salt) && HashText.TryDecodePadded(parts[4], out key);
    }
}

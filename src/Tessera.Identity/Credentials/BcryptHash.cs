using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>
/// bcrypt (<c>$2$</c>, <c>$2a$</c>, <c>$2b$</c>, <c>$2y$</c>, <c>$2z$</c> as Kratos matches them). As in Kratos, a password
/// longer than 72 bytes never verifies (bcrypt would silently ignore the rest) and a cost above 15 is refused.
/// </summary>
internal sealed class BcryptHash : IPasswordHashFormat
{
    /// <summary>bcrypt reads only this many bytes of a password; Kratos refuses longer ones.</summary>
    public const int MaxPasswordBytes = 72;

    public const int MinCost = 4;
    public const int MaxCost = 31;

    /// <summary>Kratos's <c>maxBcryptCost</c> for stored and imported hashes.</summary>
    public const int MaxVerifiableCost = 15;

    public static BcryptHash Instance { get; } = new();

    public string Name => "bcrypt";

    public bool Matches(string hash) =>
        hash.StartsWith("$2$", StringComparison.Ordinal)
        || (hash.Length > 3 && hash.StartsWith("$2", StringComparison.Ordinal) && hash[2] is 'a' or 'b' or 'z' or 'y' && hash[3] == '$');

    public bool IsImportable(string hash) => TryCost(hash, out var cost) && cost <= MaxVerifiableCost;

    public bool Verify(string hash, byte[] password)
    {
        if (password.Length > MaxPasswordBytes || !TryCost(hash, out var cost) || cost > MaxVerifiableCost)
        {
            return false;
        }

        // BCrypt.Net reads $2a$/$2b$/$2y$; the other spellings Kratos accepts are the same algorithm.
        var normalized = hash[2] switch
        {
            '$' => "$2a" + hash[2..],
            'z' => "$2a" + hash[3..],
            _ => hash,
        };
        if (normalized.Length != 60)
        {
            return false;
        }

        try
        {
            var computed = BCrypt.Net.BCrypt.HashPassword(Encoding.UTF8.GetString(password), normalized[..29]);
            return HashText.FixedTimeEquals(computed[29..], normalized[29..]);
        }
        catch (Exception e) when (e is BCrypt.Net.SaltParseException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>A new bcrypt hash (<c>$2a$</c>, as Go's bcrypt writes) of <paramref name="password"/>.</summary>
    public static string Hash(byte[] password, int cost)
    {
        if (password.Length > MaxPasswordBytes)
        {
            throw new PasswordTooLongException(MaxPasswordBytes, password.Length);
        }

        return BCrypt.Net.BCrypt.HashPassword(Encoding.UTF8.GetString(password), BCrypt.Net.BCrypt.GenerateSalt(cost, 'a'));
    }

    private static bool TryCost(string hash, out int cost)
    {
        cost = 0;
        var parts = hash.Split('$');
        return parts.Length == 4 && parts[2].Length == 2 && HashText.IsDigits(parts[2])
            && int.TryParse(parts[2], out cost) && cost is >= MinCost and <= MaxCost;
    }
}

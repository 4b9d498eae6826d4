using System.Security.Cryptography;
using System.Text;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// RFC 8628 §6.1 user codes: short, typed by people, from an alphabet without vowels and look-alikes.
/// They are stored as an HMAC of their normalised form (upper case, no dashes or spaces), so a leaked
/// table reveals no code and lookup stays one indexed read.
/// </summary>
internal sealed class UserCodes(SecretKeys secrets, int length = 8, string alphabet = "BCDFGHJKLMNPQRSTVWXZ")
{
    private readonly byte[] key = secrets.Derive("user-code");

    public string Generate()
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(chars);
    }

    public string Signature(string code)
    {
        var normalised = new string(code.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalised)));
    }
}

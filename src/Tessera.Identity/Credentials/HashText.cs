using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>Decoding helpers matching the Go encodings Kratos's comparators use.</summary>
internal static class HashText
{
    /// <summary>Go's <c>base64.RawStdEncoding.Strict()</c>: no padding, canonical trailing bits.</summary>
    public static bool TryDecodeRaw(string text, out byte[] bytes)
    {
        bytes = [];
        if (!IsAlphabet(text, allowPadding: false) || text.Length % 4 == 1)
        {
            return false;
        }

        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        if (!TryDecode(padded, out bytes))
        {
            return false;
        }

        return Convert.ToBase64String(bytes).TrimEnd('=') == text;
    }

    /// <summary>Go's <c>base64.StdEncoding.Strict()</c>: padded, canonical trailing bits.</summary>
    public static bool TryDecodePadded(string text, out byte[] bytes)
    {
        bytes = [];
        return IsAlphabet(text, allowPadding: true) && text.Length % 4 == 0 && TryDecode(text, out bytes) && Convert.ToBase64String(bytes) == text;
    }

    /// <summary>Go's <c>base64.StdEncoding</c> (not strict): padded, trailing bits ignored.</summary>
    public static bool TryDecodeLenient(string text, out byte[] bytes)
    {
        bytes = [];
        return IsAlphabet(text, allowPadding: true) && text.Length % 4 == 0 && TryDecode(text, out bytes);
    }

    /// <summary>
    /// Parses a parameter segment such as <c>i=1000,l=32</c> whose names come in exactly the given order
    /// (the strict reading of Kratos's <c>fmt.Sscanf</c> patterns), each value a non-negative decimal.
    /// </summary>
    public static bool TryParseParameters(string segment, ReadOnlySpan<string> names, Span<long> values)
    {
        var parts = segment.Split(',');
        if (parts.Length != names.Length)
        {
            return false;
        }

        for (var i = 0; i < names.Length; i++)
        {
            var prefix = names[i] + "=";
            var digits = parts[i].AsSpan();
            if (!digits.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }

            digits = digits[prefix.Length..];
            if (digits.IsEmpty || digits.Length > 10 || !IsDigits(digits)
                || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="text"/> is one or more ASCII digits.</summary>
    public static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>Replaces <c>{SALT}</c> and <c>{PASSWORD}</c> in one left-to-right pass, as Go's <c>strings.NewReplacer</c> does.</summary>
    public static byte[] ApplySaltingFormat(byte[] format, byte[] salt, byte[] password)
    {
        ReadOnlySpan<byte> saltToken = "{SALT}"u8;
        ReadOnlySpan<byte> passwordToken = "{PASSWORD}"u8;
        var output = new List<byte>(format.Length + salt.Length + password.Length);
        var rest = format.AsSpan();
        while (!rest.IsEmpty)
        {
            if (rest.StartsWith(saltToken))
            {
                output.AddRange(salt);
                rest = rest[saltToken.Length..];
            }
            else if (rest.StartsWith(passwordToken))
            {
                output.AddRange(password);
                rest = rest[passwordToken.Length..];
            }
            else
            {
                output.Add(rest[0]);
                rest = rest[1..];
            }
        }

        return [.. output];
    }

    /// <summary>Constant-time equality of two byte strings (lengths are not secret).</summary>
    public static bool FixedTimeEquals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) =>
        CryptographicOperations.FixedTimeEquals(left, right);

    /// <summary>Constant-time equality of two ASCII strings.</summary>
    public static bool FixedTimeEquals(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));

    private static bool TryDecode(string padded, out byte[] bytes)
    {
        var buffer = new byte[(padded.Length / 4) * 3];
        if (Convert.TryFromBase64String(padded, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    private static bool IsAlphabet(string text, bool allowPadding)
    {
        var body = allowPadding ? text.AsSpan().TrimEnd('=') : text.AsSpan();
        if (text.Length - body.Length > 2)
        {
            return false;
        }

        foreach (var c in body)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }
}

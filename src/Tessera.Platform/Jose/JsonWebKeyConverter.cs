using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Jose;

/// <summary>
/// Turns JSON Web Keys (RFC 7517/7518 §6) into .NET key objects. Every method returns null instead of
/// throwing when the key is malformed: keys come from clients and remote key sets.
/// </summary>
internal static class JsonWebKeyConverter
{
    /// <summary>An RSA key; private when the JWK has <c>d</c> (and the CRT members) and <paramref name="includePrivate"/> is set.</summary>
    public static RSA? ToRsa(JsonObject jwk, bool includePrivate)
    {
        if (Text(jwk, "kty") != "RSA" || Bytes(jwk, "n") is not { Length: > 0 } n || Bytes(jwk, "e") is not { Length: > 0 } e)
        {
            return null;
        }

        var parameters = new RSAParameters { Modulus = TrimLeadingZeros(n), Exponent = TrimLeadingZeros(e) };
        if (includePrivate)
        {
            if (Bytes(jwk, "d") is not { } d || Bytes(jwk, "p") is not { } p || Bytes(jwk, "q") is not { } q
                || Bytes(jwk, "dp") is not { } dp || Bytes(jwk, "dq") is not { } dq || Bytes(jwk, "qi") is not { } qi)
            {
                return null;
            }

            // RSAParameters wants D as long as the modulus and the CRT members half as long.
            var size = parameters.Modulus.Length;
            var half = (size + 1) / 2;
            parameters.D = Pad(d, size);
            parameters.P = Pad(p, half);
            parameters.Q = Pad(q, half);
            parameters.DP = Pad(dp, half);
            parameters.DQ = Pad(dq, half);
            parameters.InverseQ = Pad(qi, half);
            if (parameters.D is null || parameters.P is null || parameters.Q is null || parameters.DP is null || parameters.DQ is null || parameters.InverseQ is null)
            {
                return null;
            }
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(parameters);
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            return null;
        }
    }

    /// <summary>An elliptic curve key on P-256, P-384 or P-521.</summary>
    public static ECDsa? ToECDsa(JsonObject jwk, bool includePrivate)
    {
        if (Text(jwk, "kty") != "EC" || CurveFor(Text(jwk, "crv")) is not { } curve)
        {
            return null;
        }

        var size = CoordinateSize(Text(jwk, "crv")!);
        if (Bytes(jwk, "x") is not { } x || Bytes(jwk, "y") is not { } y || x.Length != size || y.Length != size)
        {
            return null;
        }

        var parameters = new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } };
        if (includePrivate)
        {
            if (Bytes(jwk, "d") is not { } d || Pad(d, size) is not { } padded)
            {
                return null;
            }

            parameters.D = padded;
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportParameters(parameters);
            return ec;
        }
        catch (CryptographicException)
        {
            ec.Dispose();
            return null;
        }
    }

    /// <summary>The secret of a symmetric (<c>oct</c>) key.</summary>
    public static byte[]? ToSymmetric(JsonObject jwk)
        => Text(jwk, "kty") == "oct" && Bytes(jwk, "k") is { Length: > 0 } k ? k : null;

    /// <summary>The JWK curve name's coordinate length in bytes (P-521 is 66).</summary>
    public static int CoordinateSize(string crv) => crv switch
    {
        "P-256" => 32,
        "P-384" => 48,
        "P-521" => 66,
        _ => 0,
    };

    public static ECCurve? CurveFor(string? crv) => crv switch
    {
        "P-256" => ECCurve.NamedCurves.nistP256,
        "P-384" => ECCurve.NamedCurves.nistP384,
        "P-521" => ECCurve.NamedCurves.nistP521,
        _ => null,
    };

    /// <summary>A string member, or null when absent, not a string, or not decodable (a lone surrogate escape).</summary>
    internal static string? Text(JsonObject jwk, string name)
    {
        try
        {
            return jwk[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static byte[]? Bytes(JsonObject jwk, string name)
    {
        return Text(jwk, name) is { } text ? Base64UrlText.Decode(text) : null;
    }

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return start == 0 ? value : value[start..];
    }

    private static byte[]? Pad(byte[] value, int length)
    {
        value = TrimLeadingZeros(value);
        if (value.Length > length)
        {
            return null;
        }

        if (value.Length == length)
        {
            return value;
        }

        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }
}

using System.Security.Cryptography;

namespace Tessera.Identity.Credentials;

/// <summary>The plain SHA digests the salted-hash formats name (<c>sha1</c>, <c>sha256</c>, <c>sha512</c>).</summary>
internal static class ShaDigest
{
    /// <summary>The digest of <paramref name="data"/>, or null for a digest name Kratos does not know.</summary>
    public static byte[]? Compute(string name, byte[] data) => name switch
    {
        "sha1" => SHA1.HashData(data),
        "sha256" => SHA256.HashData(data),
        "sha512" => SHA512.HashData(data),
        _ => null,
    };
}

using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Tessera.Platform.Crypto;

/// <summary>
/// HMAC-SHA256 (RFC 2104) under one fixed key. Tokens are signed and checked on every request, and
/// setting up an HMAC context costs OpenSSL 3 more than hashing a short token, so keyed contexts are
/// kept and reset after each MAC (about half the cost of a one-shot HMAC). A context serves one caller
/// at a time; there are as many as callers ran at once.
/// </summary>
public sealed class HmacSha256Key
{
    public const int MacBytes = 32;
    private readonly byte[] key;
    private readonly ConcurrentBag<IncrementalHash> contexts = [];

    public HmacSha256Key(ReadOnlySpan<byte> key) => this.key = key.ToArray();

    /// <summary>Writes the 32-byte MAC of <paramref name="message"/> to <paramref name="mac"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        if (!contexts.TryTake(out var context))
        {
            context = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        }

        try
        {
            context.AppendData(message);
            context.GetHashAndReset(mac);
        }
        finally
        {
            contexts.Add(context);
        }
    }
}

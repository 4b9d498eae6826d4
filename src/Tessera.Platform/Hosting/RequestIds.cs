using System.Security.Cryptography;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Ids for requests that arrive without an <c>X-Request-Id</c>: 32 lowercase hex digits (the shape of a GUID
/// without dashes), a random per-process half then a counter. Unique across processes and restarts without
/// asking the kernel for randomness on every request, which <see cref="Guid.NewGuid"/> does.
/// </summary>
internal static class RequestIds
{
    private static readonly string ProcessPart = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private static long counter;

    public static string Next()
        => string.Create(32, Interlocked.Increment(ref counter), static (chars, count) =>
        {
            ProcessPart.AsSpan().CopyTo(chars);
            ((ulong)count).TryFormat(chars[16..], out _, "x16");
        });
}

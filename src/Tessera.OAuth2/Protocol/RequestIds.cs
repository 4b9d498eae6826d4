using System.Security.Cryptography;

namespace Tessera.OAuth2.Protocol;

/// <summary>Random identifiers for grants, flows and challenges: 128 bits, hex.</summary>
internal static class RequestIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// A grant's request id, which every token row of the grant carries and which is indexed: 48 bits
    /// of Unix milliseconds, then 80 random bits, so that new ids sort after old ones and index inserts
    /// stay on the same pages. Not for anything that must be unguessable (challenges, verifiers).
    /// </summary>
    public static string NewTimeOrdered(DateTimeOffset now)
        => Platform.Persistence.TimeOrderedPrefix.Of(now) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}

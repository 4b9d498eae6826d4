using System.Security.Cryptography;

namespace Tessera.OAuth2.Protocol;

/// <summary>Random identifiers for grants, flows and challenges: 128 bits, hex.</summary>
internal static class RequestIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

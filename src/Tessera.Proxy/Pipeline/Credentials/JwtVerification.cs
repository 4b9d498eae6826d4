using System.Text.Json.Nodes;

namespace Tessera.Proxy.Pipeline.Credentials;

/// <summary>A verified JWT's claims, or why it was refused (the reason the 401 carries).</summary>
internal sealed record JwtVerification(JsonObject? Claims, string? Problem)
{
    public static JwtVerification Accepted(JsonObject claims) => new(claims, null);

    public static JwtVerification Refused(string problem) => new(null, problem);
}

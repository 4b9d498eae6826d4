using System.Text.Json.Nodes;

namespace Tessera.Platform.Jose;

/// <summary>
/// A compact JWS split into its parts, not yet verified: nothing in <see cref="Payload"/> may be
/// trusted before <see cref="JsonWebSignature.Verify"/> has returned true for a key.
/// </summary>
/// <param name="Header">The protected header; it has a string <c>alg</c>.</param>
/// <param name="Payload">The payload, a JSON object (JWT claims).</param>
/// <param name="SigningInput">The ASCII bytes of <c>header.payload</c> as they were sent.</param>
/// <param name="Signature">The decoded signature.</param>
internal sealed record ParsedJws(JsonObject Header, JsonObject Payload, byte[] SigningInput, byte[] Signature)
{
    public string Algorithm => JsonWebKeyConverter.Text(Header, "alg")!;

    public string? KeyId => JsonWebKeyConverter.Text(Header, "kid");

    public string? Type => JsonWebKeyConverter.Text(Header, "typ");
}

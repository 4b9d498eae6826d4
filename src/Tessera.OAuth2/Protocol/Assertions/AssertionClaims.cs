using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Protocol.Assertions;

/// <summary>
/// The registered claims (RFC 7519 §4.1) an assertion is judged by, read with their types checked:
/// a claim of the wrong type is a malformed assertion, not an absent claim.
/// </summary>
internal sealed record AssertionClaims(
    string? Issuer,
    string? Subject,
    IReadOnlyList<string> Audience,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? NotBefore,
    DateTimeOffset? IssuedAt,
    string? JwtId)
{
    /// <summary>Reads the claims; false with the problem when one has the wrong type.</summary>
    public static bool TryRead(JsonObject payload, out AssertionClaims claims, out string problem)
    {
        claims = null!;
        problem = "";
        if (!TryText(payload, "iss", out var iss) || !TryText(payload, "sub", out var sub) || !TryText(payload, "jti", out var jti))
        {
            problem = "the claims \"iss\", \"sub\" and \"jti\" must be strings";
            return false;
        }

        if (!TryAudience(payload, out var audience))
        {
            problem = "the claim \"aud\" must be a string or an array of strings";
            return false;
        }

        if (!TryDate(payload, "exp", out var exp) || !TryDate(payload, "nbf", out var nbf) || !TryDate(payload, "iat", out var iat))
        {
            problem = "the claims \"exp\", \"nbf\" and \"iat\" must be numbers of seconds since 1970";
            return false;
        }

        claims = new AssertionClaims(iss, sub, audience, exp, nbf, iat, jti);
        return true;
    }

    /// <summary>True when the audience names one of <paramref name="urls"/> exactly.</summary>
    public bool AudienceContainsAny(IReadOnlyList<string> urls) => Audience.Any(a => urls.Contains(a, StringComparer.Ordinal));

    private static bool TryText(JsonObject payload, string name, out string? text)
    {
        text = null;
        if (payload[name] is null)
        {
            return true;
        }

        return payload[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && TryString(value, out text);
    }

    private static bool TryAudience(JsonObject payload, out IReadOnlyList<string> audience)
    {
        audience = [];
        switch (payload["aud"])
        {
            case null:
                return true;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && TryString(value, out var one):
                audience = [one!];
                return true;
            case JsonArray array:
                var list = new List<string>(array.Count);
                foreach (var item in array)
                {
                    if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !TryString(v, out var text))
                    {
                        return false;
                    }

                    list.Add(text!);
                }

                audience = list;
                return true;
            default:
                return false;
        }
    }

    private static bool TryDate(JsonObject payload, string name, out DateTimeOffset? date)
    {
        date = null;
        if (payload[name] is null)
        {
            return true;
        }

        if (payload[name] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<double>(out var seconds)
            || !double.IsFinite(seconds) || seconds < 0 || seconds > 253_402_300_799) // 9999-12-31T23:59:59Z
        {
            return false;
        }

        date = DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(seconds));
        return true;
    }

    private static bool TryString(JsonValue value, out string? text)
    {
        try
        {
            return value.TryGetValue(out text);
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }
}

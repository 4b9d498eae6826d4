using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Trust;

/// <summary>
/// Checks a request to trust an issuer as Hydra does: <c>issuer</c> is required; exactly one of
/// <c>subject</c> and <c>allow_any_subject</c>; <c>expires_at</c> is an RFC 3339 time; <c>scope</c>, when
/// given, is an array of strings; <c>jwk</c> is a public JSON Web Key with a kid. The first fault found is reported.
/// </summary>
internal static class TrustRequestValidator
{
    public static (TrustRequest? Request, TrustError? Error) Validate(JsonNode body)
    {
        if (body is not JsonObject request)
        {
            return Refuse("The request body must be a JSON object.");
        }

        var issuer = JsonFields.Text(request, "issuer");
        var subject = JsonFields.Text(request, "subject") ?? "";
        var allowAny = request["allow_any_subject"] is JsonValue a && a.GetValueKind() == JsonValueKind.True;
        var scope = request["scope"] is JsonArray s && s.All(i => i?.GetValueKind() == JsonValueKind.String)
            ? s.Select(i => i!.GetValue<string>()).ToList()
            : null;
        DateTimeOffset expiresAt = default;
        var expiresOk = JsonFields.Text(request, "expires_at") is { } expires && DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out expiresAt);
        var problem =
            string.IsNullOrEmpty(issuer) ? "Field 'issuer' is required." :
            subject.Length == 0 && !allowAny ? "One of 'subject' or 'allow_any_subject' field must be set." :
            subject.Length > 0 && allowAny ? "Both 'subject' and 'allow_any_subject' fields cannot be set at the same time." :
            !expiresOk ? "Field 'expires_at' is required and must be an RFC 3339 date-time." :
            request["scope"] is not null && scope is null ? "Field 'scope' must be an array of strings." :
            JsonWebKeyValidator.Problem(request["jwk"]) is { } keyProblem ? $"Field 'jwk' must contain a JWK with a kid: {keyProblem}." :
            null;
        if (problem is not null)
        {
            return Refuse(problem);
        }

        var publicKey = request["jwk"]!.AsObject();
        if (publicKey.ContainsKey("d") || publicKey.ContainsKey("k"))
        {
            return Refuse("Field 'jwk' must be a public key.");
        }

        return (new TrustRequest(issuer!, subject, allowAny, scope ?? [], (JsonObject)publicKey.DeepClone(), expiresAt), null);
    }

    private static (TrustRequest?, TrustError?) Refuse(string hint) => (null, new TrustError(hint));
}

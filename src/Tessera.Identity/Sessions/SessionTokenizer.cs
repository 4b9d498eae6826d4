using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Platform.Configuration;
using Tessera.Platform.Jose;

namespace Tessera.Identity.Sessions;

/// <summary>
/// <c>GET /sessions/whoami?tokenize_as=&lt;name&gt;</c>: the session as a JWT signed with the template's key,
/// with Kratos's claims <c>jti, iss, exp, sid, nbf, iat, sub</c>. Templates are read at start:
/// <c>jwks_url</c> is <c>file://</c> or <c>base64://</c> (Kratos allows no other scheme here), and a
/// <c>claims_mapper_url</c> stops the start, as there is no Jsonnet evaluator yet.
/// </summary>
internal sealed class SessionTokenizer(IReadOnlyDictionary<string, TokenizerTemplate> templates, string issuer, TimeProvider time)
{
    private const string Key = "session.whoami.tokenizer.templates";

    public static IReadOnlyDictionary<string, TokenizerTemplate> TemplatesFromConfig(ConfigSnapshot config)
    {
        var result = new Dictionary<string, TokenizerTemplate>(StringComparer.Ordinal);
        if (config.Get(Key) is not JsonObject configured)
        {
            return result;
        }

        foreach (var (name, node) in configured)
        {
            var key = $"{Key}.{name}";
            if (node is not JsonObject template)
            {
                continue;
            }

            if (template["claims_mapper_url"] is not null)
            {
                throw new ConfigException($"{key}.claims_mapper_url is not supported yet (Jsonnet claims mappers cannot be evaluated); remove it to sign Kratos's default claims.");
            }

            var url = JsonWebKeyConverter.Text(template, "jwks_url") ?? throw new ConfigException($"{key}.jwks_url is required.");
            var ttl = JsonWebKeyConverter.Text(template, "ttl") is { } ttlText
                ? (GoDurationOf(ttlText) ?? throw new ConfigException($"{key}.ttl '{ttlText}' is not a duration such as 1m."))
                : TokenizerTemplate.DefaultTtl;
            var subject = JsonWebKeyConverter.Text(template, "subject_source") ?? "id";
            var jwk = FirstPrivateKey(ReadJwks(url, key), key);
            try
            {
                // A trial signature proves the key fits its alg (type, curve, size, private members).
                _ = JsonWebSignature.Sign([], jwk);
            }
            catch (ArgumentException e)
            {
                throw new ConfigException($"{key}.jwks_url: {e.Message}");
            }

            result[name] = new TokenizerTemplate(name, jwk, ttl, subject);
        }

        return result;
    }

    /// <summary>The session as a JWT of the named template; or Kratos's 400 for an unknown template or a missing external id.</summary>
    public (string? Token, IdentityError? Error) Tokenize(string templateName, SessionRecord session)
    {
        if (!templates.TryGetValue(templateName, out var template))
        {
            return (null, IdentityError.BadRequest($"Unable to find tokenizer template \"{templateName}\"."));
        }

        string subject;
        if (template.SubjectSource == "external_id")
        {
            if (session.Identity?.ExternalId is not { Length: > 0 } external)
            {
                return (null, IdentityError.BadRequest("The session's identity does not have an external ID set, but it is required for the subject claim."));
            }

            subject = external;
        }
        else
        {
            subject = session.IdentityId;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = issuer,
            ["exp"] = now + (long)template.Ttl.TotalSeconds,
            ["sid"] = session.Id,
            ["nbf"] = now,
            ["iat"] = now,
            ["sub"] = subject,
        };
        return (JsonWebSignature.Sign(claims, template.SigningKey), null);
    }

    private static TimeSpan? GoDurationOf(string text) => Platform.Persistence.GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero ? value : null;

    // An asymmetric key with its private part ("d"); symmetric keys have "k" instead, so they are never chosen.
    private static JsonObject FirstPrivateKey(JsonNode? jwks, string key)
        => (jwks?["keys"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(k => JsonWebKeyConverter.Text(k, "d") is not null)
            ?? throw new ConfigException($"{key}.jwks_url holds no private key (a JSON Web Key Set with at least one key that has \"d\").");

    private static JsonNode? ReadJwks(string url, string key)
    {
        string text;
        try
        {
            text = LocalUrl.ReadText(url)
                ?? throw new ConfigException($"{key}.jwks_url '{url}' must be a file:// or base64:// URL (as Kratos, which refuses other schemes for tokenizer keys).");

            return JsonNode.Parse(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or JsonException)
        {
            throw new ConfigException($"{key}.jwks_url could not be read as a JSON Web Key Set: {e.Message}");
        }
    }
}

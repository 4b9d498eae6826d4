using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Templates;
using Tessera.Proxy.Pipeline.Credentials;

namespace Tessera.Proxy.Pipeline.Mutators;

/// <summary>
/// <c>id_token</c>: sets <c>Authorization: Bearer &lt;JWT&gt;</c> for the upstream, a token signed with the
/// first signing key of <c>jwks_url</c>. Its claims are the JSON object the <c>claims</c> template writes
/// over the session, then Oathkeeper's own <c>exp</c> (now + <c>ttl</c>, default 15m), <c>jti</c>,
/// <c>iat</c>, <c>iss</c> (<c>issuer_url</c>), <c>nbf</c> and <c>sub</c> (the subject), which win over the
/// template's. A token is reused for the same subject and rendered claims until less than a tenth of its
/// lifetime is left, as Oathkeeper's token cache does.
/// </summary>
internal sealed class IdTokenMutator(IdTokenSettings settings, GoTemplate? claims, KeySetResolver keys, TimeProvider time, string ruleId) : IMutator
{
    public const int MaxCachedTokens = 10_000;

    private readonly AnswerCache<string> tokens = new(MaxCachedTokens, time);

    public static HandlerFactory<IMutator> Factory { get; } = new("id_token", Create);

    /// <summary>The key set this mutator signs with, for <c>/.well-known/jwks.json</c>.</summary>
    public string JwksUrl => settings.JwksUrl;

    public async ValueTask<PipelineError?> MutateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var rendered = "";
        var payload = new JsonObject();
        if (claims is not null)
        {
            try
            {
                rendered = claims.Execute(session.ToTemplate());
            }
            catch (TemplateExecutionException e)
            {
                return PipelineError.Plain($"error executing claims template in rule \"{ruleId}\": {e.Message}");
            }

            if (ParseClaims(rendered) is not { } parsed)
            {
                return PipelineError.Plain($"the claims template of rule \"{ruleId}\" did not produce a JSON object");
            }

            payload = parsed;
        }

        var key = AnswerCache<string>.Key([settings.IssuerUrl, settings.Ttl.Ticks.ToString(CultureInfo.InvariantCulture), settings.JwksUrl, rendered, session.Subject]);
        if (tokens.TryGet(key, out var cached))
        {
            session.SetHeader("Authorization", "Bearer " + cached);
            return null;
        }

        var now = time.GetUtcNow();
        var expires = now + settings.Ttl;
        payload["exp"] = expires.ToUnixTimeSeconds();
        payload["jti"] = Guid.NewGuid().ToString();
        payload["iat"] = now.ToUnixTimeSeconds();
        payload["iss"] = settings.IssuerUrl;
        payload["nbf"] = now.ToUnixTimeSeconds();
        payload["sub"] = session.Subject;
        var (token, problem) = await JwtSigner.SignAsync(keys, settings.JwksUrl, payload, ct);
        if (token is null)
        {
            return PipelineError.Plain(problem!);
        }

        // Reused until a tenth of its lifetime is left, so the upstream never gets a token about to expire.
        tokens.Set(key, token, expires - (settings.Ttl / 10));
        session.SetHeader("Authorization", "Bearer " + token);
        return null;
    }

    private static IdTokenMutator Create(HandlerConfig config)
    {
        config.AllowOnly("claims", "issuer_url", "jwks_url", "ttl");
        var issuer = config.RequiredString("issuer_url");
        var written = config.RequiredString("jwks_url");
        var jwksUrl = KeySetUrl.Normalize(written) ?? throw config.Fail("jwks_url", $"\"{written}\" is not a file://, http:// or https:// URL");
        var ttl = config.Duration("ttl") ?? TimeSpan.FromMinutes(15);
        if (ttl <= TimeSpan.Zero)
        {
            throw config.Fail("ttl", "must be longer than 0s");
        }

        GoTemplate? template = null;
        if (config.String("claims") is { Length: > 0 } text)
        {
            try
            {
                template = GoTemplate.Parse($"{config.RuleId}:claims", text, SessionTemplates.Functions, MissingKey.Zero);
            }
            catch (TemplateParseException e)
            {
                throw config.Fail("claims", $"is not a valid template (line {e.Line}, column {e.Column + 1}): {e.Message}");
            }
        }

        var keys = config.Services.KeySets ?? throw new InvalidOperationException("The id_token mutator needs the service's key sets.");
        return new IdTokenMutator(new IdTokenSettings(issuer, jwksUrl, ttl), template, keys, config.Services.Time, config.RuleId);
    }

    /// <summary>The template's output as Go's <c>json.Unmarshal</c> into a claims map takes it: an object (JSON <c>null</c> leaves it empty).</summary>
    private static JsonObject? ParseClaims(string rendered)
    {
        try
        {
            var parsed = JsonNode.Parse(rendered);
            if (parsed is JsonObject claims)
            {
                _ = claims.Count; // materialises the members (a duplicate name throws) inside the try
                return claims;
            }

            return parsed is null ? [] : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}

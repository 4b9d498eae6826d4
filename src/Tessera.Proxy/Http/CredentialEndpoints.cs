using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Platform.Hosting;
using Tessera.Platform.Jose;
using Tessera.Proxy.Pipeline;
using Tessera.Proxy.Pipeline.Credentials;
using Tessera.Proxy.Pipeline.Mutators;

namespace Tessera.Proxy.Http;

/// <summary>
/// Oathkeeper's <c>GET /.well-known/jwks.json</c> on the api listener: the public keys of every key set the
/// id_token mutator signs with — the global <c>mutators.id_token.config.jwks_url</c> and each rule's
/// effective one — so upstreams can verify the tokens. Private members and symmetric keys are never shown.
/// When the configured sets cannot be read the answer is Oathkeeper's 500; with none configured it is an empty set
/// (Oathkeeper answers 500 there too, which makes a proxy without id_token look broken to every health probe of this path).
/// </summary>
internal static class CredentialEndpoints
{
    public const string Path = "/.well-known/jwks.json";

    /// <summary>Maps the endpoint; <paramref name="globalUrl"/> is the enabled mutator's global <c>jwks_url</c>, if any.</summary>
    public static void Map(IEndpointRouteBuilder routes, PipelineCatalog pipelines, KeySetResolver keys, string? globalUrl)
        => routes.MapGet(Path, context => WriteAsync(context, SigningKeySetUrls(pipelines, globalUrl), keys));

    /// <summary>The key set URLs in use: the global one first, then the rules' in rule order, each once.</summary>
    public static IReadOnlyList<string> SigningKeySetUrls(PipelineCatalog pipelines, string? globalUrl)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        var urls = new List<string>();
        if (globalUrl is not null)
        {
            urls.Add(globalUrl);
        }

        var current = pipelines.Current;
        foreach (var rule in current.Rules.Rules)
        {
            foreach (var mutator in current.Pipelines[rule].Mutators)
            {
                if (mutator.Handler is IdTokenMutator idToken && !urls.Contains(idToken.JwksUrl))
                {
                    urls.Add(idToken.JwksUrl);
                }
            }
        }

        return urls;
    }

    private static async Task WriteAsync(HttpContext context, IReadOnlyList<string> urls, KeySetResolver keys)
    {
        var sets = urls.Count == 0 ? [] : await keys.GetSetsAsync(urls, context.RequestAborted);
        if (sets.Count == 0 && urls.Count > 0)
        {
            await OryError.WriteAsync(context, StatusCodes.Status500InternalServerError, "An internal server error occurred, please contact the system administrator", "None of the provided URLs returned a valid JSON Web Key Set.");
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var body = JsonResponseWriter.Start(context.Response);
        body.Json.WriteStartObject();
        body.Json.WritePropertyName("keys");
        body.Json.WriteStartArray();
        foreach (var set in sets)
        {
            foreach (var key in set)
            {
                if (JsonWebKeyConverter.Text(key, "kty") is "RSA" or "EC")
                {
                    JsonWebKeyGenerator.PublicPart(key).WriteTo(body.Json);
                }
            }
        }

        body.Json.WriteEndArray();
        body.Json.WriteEndObject();
    }
}

using Tessera.Platform.Configuration;

namespace Tessera.OAuth2.Protocol.Hooks;

/// <summary>
/// Where the token hook is sent (<c>oauth2.token_hook</c>): a URL, or Hydra's object form with an
/// <c>api_key</c> credential that goes in a header or a cookie.
/// </summary>
internal sealed record TokenHookTarget(Uri Url, string? KeyIn, string? KeyName, string? KeyValue)
{
    private const string Key = "oauth2.token_hook";

    /// <summary>The configured target, or null when no hook is configured.</summary>
    public static TokenHookTarget? From(ConfigSnapshot config)
    {
        var url = config.GetString(Key) ?? config.GetString(Key + ".url");
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ConfigException($"{Key}: '{url}' is not an http(s) URL.");
        }

        var type = config.GetString(Key + ".auth.type");
        if (type is not null && type != "api_key")
        {
            throw new ConfigException($"{Key}.auth.type: '{type}' is not supported; the one type is api_key.");
        }

        return type is null
            ? new TokenHookTarget(uri, null, null, null)
            : new TokenHookTarget(uri, config.GetString(Key + ".auth.config.in") ?? "header", config.GetString(Key + ".auth.config.name"), config.GetString(Key + ".auth.config.value"));
    }

    /// <summary>Adds the api_key credential to a request for the hook.</summary>
    public void Authorize(HttpRequestMessage request)
    {
        if (KeyName is not { Length: > 0 } name || KeyValue is null)
        {
            return;
        }

        if (KeyIn == "cookie")
        {
            request.Headers.Add("Cookie", name + "=" + KeyValue);
        }
        else
        {
            request.Headers.TryAddWithoutValidation(name, KeyValue);
        }
    }
}

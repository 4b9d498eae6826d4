using System.Text.Json.Nodes;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Hooks;

/// <summary>
/// A <c>web_hook</c>'s config as Kratos reads it: <c>url</c>, <c>method</c> (POST), <c>auth</c> (<c>api_key</c> with
/// <c>name</c>, <c>value</c>, <c>in</c> header or cookie; <c>basic_auth</c> with <c>user</c>, <c>password</c>),
/// <c>response.ignore</c> (fire and forget), <c>response.parse</c> (read the answer). A <c>body</c> is a Jsonnet
/// template, which needs an evaluator this service does not have yet: it stops the start.
/// </summary>
internal sealed record WebHookOptions(string Url, string Method, string? ApiKeyName, string? ApiKeyValue, bool ApiKeyInCookie, string? BasicUser, string? BasicPassword, bool Ignore, bool Parse)
{
    public static WebHookOptions FromConfig(JsonObject config, string key)
    {
        if (config.ContainsKey("body"))
        {
            throw new ConfigException($"{key}.body: web_hook bodies are Jsonnet templates (file://, base64://, http(s):// or inline), which this service cannot evaluate yet; remove body to send the payload as it is ({{flow, request_headers, request_method, request_url, request_cookies, identity, session}}).");
        }

        if (Text(config, "url") is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            throw new ConfigException($"{key}.url: a web_hook needs an http(s) URL.");
        }

        var auth = config["auth"] as JsonObject;
        var type = auth is null ? null : Text(auth, "type");
        var authConfig = auth?["config"] as JsonObject ?? [];
        var response = config["response"] as JsonObject;
        if ((response?["ignore"] as JsonValue)?.TryGetValue<bool>(out var ignored) == true && ignored
            && (response?["parse"] as JsonValue)?.TryGetValue<bool>(out var parsed2) == true && parsed2)
        {
            throw new ConfigException($"{key}.response: a web_hook can not both ignore and parse its response (Kratos refuses this at every call).");
        }

        return new WebHookOptions(
            url,
            (Text(config, "method") ?? "POST").ToUpperInvariant(),
            type == "api_key" ? Text(authConfig, "name") : null,
            type == "api_key" ? Text(authConfig, "value") : null,
            type == "api_key" && Text(authConfig, "in") == "cookie",
            type == "basic_auth" ? Text(authConfig, "user") : null,
            type == "basic_auth" ? Text(authConfig, "password") : null,
            (response?["ignore"] as JsonValue)?.TryGetValue<bool>(out var ignore) == true && ignore,
            (response?["parse"] as JsonValue)?.TryGetValue<bool>(out var parse) == true && parse);
    }

    private static string? Text(JsonObject json, string name) => json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

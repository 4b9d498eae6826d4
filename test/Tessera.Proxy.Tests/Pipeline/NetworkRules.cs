using System.Net;
using Tessera.Proxy.Tests.Http;

namespace Tessera.Proxy.Tests.Pipeline;

/// <summary>Config for one rule on http://app.test/ with the given steps, every simple handler enabled and verbose JSON errors; and a /decisions call.</summary>
internal static class NetworkRules
{
    public const string HeaderMutator = """{"handler":"header","config":{"headers":{"X-User":"{{ print .Subject }}","X-Extra":"{{ toJson .Extra }}"}}}""";

    public static Dictionary<string, string> Config(string authenticators, string authorizer, string mutators, string? upstream = null, params (string Key, string Value)[] extra)
    {
        var upstreamJson = upstream is null ? "" : $$""","upstream":{"url":"{{upstream}}"}""";
        var rule = $$"""[{"id":"app","match":{"url":"http://<[^/]+>/<.*>","methods":["GET","POST","PUT"]},"authenticators":{{authenticators}},"authorizer":{{authorizer}},"mutators":{{mutators}}{{upstreamJson}}}]""";
        var config = ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(rule));
        config["authenticators.anonymous.enabled"] = "true";
        config["authenticators.noop.enabled"] = "true";
        config["authorizers.allow.enabled"] = "true";
        config["mutators.noop.enabled"] = "true";
        config["mutators.header.enabled"] = "true";
        config["mutators.header.config"] = """{"headers":{}}""";
        config["errors.handlers.json.enabled"] = "true";
        config["errors.handlers.json.config"] = """{"verbose":true}""";
        foreach (var (key, value) in extra)
        {
            config[key] = value;
        }

        return config;
    }

    /// <summary>GET /decisions for <c>method http://app.test{pathAndQuery}</c>; the answer's status, headers and body.</summary>
    public static async Task<(HttpStatusCode Status, HttpResponseMessage Response, string Body)> DecideAsync(
        ProxyHttpServer server, string method, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, server.ApiUrl + "/decisions" + pathAndQuery);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Method", method);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "http");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "app.test");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await server.Http.SendAsync(request);
        return (response.StatusCode, response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An Ory error body's message and reason, unescaped: "message | reason".</summary>
    public static string ErrorText(string body)
    {
        var error = System.Text.Json.Nodes.JsonNode.Parse(body)!["error"]!;
        return $"{(string?)error["message"]} | {(string?)error["reason"]}";
    }

    public static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Proxy.Pipeline.Errors;

/// <summary>
/// An error handler's <c>when</c>: a list of conditions, any of which makes the handler responsible (none
/// at all: always). A condition holds when the error's kind is in <c>error</c> (or <c>error</c> is empty)
/// and the request matches <c>request</c>: its Content-Type (default <c>application/octet-stream</c>) is one
/// of <c>header.content_type</c>, its Accept accepts one of <c>header.accept</c> (Oathkeeper's media-range
/// rules: <c>*/*</c>, <c>type/*</c> or equal), and its peer address (and, with
/// <c>remote_ip.respect_forwarded_for_header</c>, the <c>X-Forwarded-For</c> addresses) lies in one of the
/// CIDRs of <c>remote_ip.match</c> — or of <c>cidr</c>, the key Oathkeeper's schema documents, which always
/// counts <c>X-Forwarded-For</c>.
/// </summary>
internal sealed class ErrorWhen
{
    private readonly IReadOnlyList<Condition> conditions;

    private ErrorWhen(IReadOnlyList<Condition> conditions) => this.conditions = conditions;

    public static ErrorWhen Always { get; } = new([]);

    public static ErrorWhen Read(HandlerConfig config)
    {
        if (config.Values["when"] is null)
        {
            return Always;
        }

        if (config.Values["when"] is not JsonArray list)
        {
            throw config.Fail("when", "must be a list");
        }

        var conditions = new List<Condition>();
        for (var i = 0; i < list.Count; i++)
        {
            var key = $"when[{i}]";
            if (list[i] is not JsonObject item)
            {
                throw config.Fail(key, "must be an object");
            }

            var errors = Strings(config, item["error"], key + ".error");
            foreach (var error in errors)
            {
                if (error is not ("unauthorized" or "forbidden" or "internal_server_error" or "not_found"))
                {
                    throw config.Fail(key + ".error", $"holds \"{error}\"; use unauthorized, forbidden, internal_server_error or not_found");
                }
            }

            var request = item["request"] as JsonObject;
            var header = request?["header"] as JsonObject;
            var remote = request?["remote_ip"] as JsonObject;
            var cidr = Strings(config, request?["cidr"], key + ".request.cidr");
            var remoteMatch = Strings(config, remote?["match"], key + ".request.remote_ip.match");
            conditions.Add(new Condition(
                errors,
                Strings(config, header?["content_type"], key + ".request.header.content_type"),
                Strings(config, header?["accept"], key + ".request.header.accept"),
                Networks(config, remoteMatch.Count > 0 ? remoteMatch : cidr, key + ".request"),
                remoteMatch.Count > 0 ? remote?["respect_forwarded_for_header"]?.GetValueKind() == JsonValueKind.True : cidr.Count > 0));
        }

        return new ErrorWhen(conditions);
    }

    /// <summary>Whether the handler answers this error for this request.</summary>
    public bool Matches(PipelineError error, Microsoft.AspNetCore.Http.HttpContext context)
    {
        if (conditions.Count == 0)
        {
            return true;
        }

        foreach (var condition in conditions)
        {
            if ((condition.Errors.Count == 0 || condition.Errors.Contains(error.Kind)) && condition.MatchesRequest(context))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Strings(HandlerConfig config, JsonNode? node, string key)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array || array.Any(e => e is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            throw config.Fail(key, "must be a list of strings");
        }

        return array.Select(e => e!.GetValue<string>()).ToList();
    }

    private static List<IPNetwork> Networks(HandlerConfig config, List<string> texts, string key)
    {
        var networks = new List<IPNetwork>();
        foreach (var text in texts)
        {
            if (!IPNetwork.TryParse(text, out var network))
            {
                throw config.Fail(key, $"holds \"{text}\", which is not a CIDR (such as 10.0.0.0/8)");
            }

            networks.Add(network);
        }

        return networks;
    }

    private sealed record Condition(IReadOnlyList<string> Errors, IReadOnlyList<string> ContentTypes, IReadOnlyList<string> Accepts, IReadOnlyList<IPNetwork> Networks, bool UseForwardedFor)
    {
        public bool MatchesRequest(Microsoft.AspNetCore.Http.HttpContext context)
        {
            var headers = context.Request.Headers;
            if (ContentTypes.Count > 0)
            {
                var contentType = headers.ContentType.ToString();
                var types = (contentType.Length > 0 ? contentType : "application/octet-stream").Split(',').Select(t => t.Split(';')[0].Trim()).ToList();
                if (!MediaRanges.AnyAccepted(types, ContentTypes))
                {
                    return false;
                }
            }

            if (Accepts.Count > 0)
            {
                var accept = headers.Accept.ToString();
                var types = (accept.Length > 0 ? accept : "application/octet-stream").Split(',').Select(t => t.Split(';')[0].Trim()).Where(t => t.Length > 0).ToList();
                if (!MediaRanges.AnyAccepted(types, Accepts))
                {
                    return false;
                }
            }

            if (Networks.Count == 0)
            {
                return true;
            }

            var addresses = new List<IPAddress>();
            if (context.Connection.RemoteIpAddress is { } peer)
            {
                addresses.Add(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer);
            }

            if (UseForwardedFor)
            {
                foreach (var part in headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (IPAddress.TryParse(part, out var address))
                    {
                        addresses.Add(address);
                    }
                }
            }

            return Networks.Any(n => addresses.Any(n.Contains));
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Outbound;

namespace Tessera.Proxy.Pipeline.Mutators;

/// <summary>
/// <c>hydrator</c>: the session (<see cref="SessionJson"/>) is POSTed to <c>api.url</c> with the request's query (re-encoded
/// as Go does, replacing the URL's own) and the request's headers, <c>api.auth.basic</c> as HTTP Basic, and
/// <c>api.retry</c> (one attempt when absent). A 200 answer is a session with the same subject whose <c>extra</c> and
/// <c>header</c> replace the session's; anything else is an internal error with Oathkeeper's message. With
/// <c>cache.enabled</c> the answer for the same session and URL is reused for <c>cache.ttl</c> (default 1m).
/// </summary>
internal sealed class HydratorMutator : IMutator
{
    public static HandlerFactory<IMutator> Factory { get; } = new("hydrator", config => new HydratorMutator(config));

    private const string Malformed = "The call to an external API returned an invalid JSON object";

    /// <summary>Request headers that describe the original message, not the session sent instead.</summary>
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer", "Expect",
    };

    private readonly PipelineServices services;
    private readonly string field;
    private readonly Uri url;
    private readonly string? basic;
    private readonly RetryPolicy retry;
    private readonly AnswerCache<byte[]>? cache;
    private readonly TimeSpan cacheTtl;

    private HydratorMutator(HandlerConfig config)
    {
        config.AllowOnly("api", "cache");
        services = config.Services;
        var api = config.Section("api") ?? throw config.Fail("api", "is required");
        api.AllowOnly("url", "auth", "retry");
        field = api.Where + ".url";
        url = api.Url("url");
        if (api.Section("auth") is { } auth)
        {
            auth.AllowOnly("basic");
            if (auth.Section("basic") is { } credentials)
            {
                credentials.AllowOnly("username", "password");
                basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.RequiredString("username") + ":" + credentials.RequiredString("password")));
            }
        }

        retry = api.Values["retry"] is null ? RetryPolicy.Once : RetryPolicy.FromConfig(api, "retry", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100));
        var settings = CacheSettings.FromConfig(config, null, 10_000);
        cacheTtl = settings.Ttl is { } ttl && ttl > TimeSpan.Zero ? ttl : TimeSpan.FromMinutes(1);
        cache = settings.Enabled ? new AnswerCache<byte[]>(settings.MaxEntries, services.Time) : null;
    }

    public async ValueTask<PipelineError?> MutateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var sent = SessionJson.Write(session);
        var key = cache is null ? null : AnswerCache<byte[]>.Key([Convert.ToBase64String(sent), url.AbsoluteUri]);
        if (cache is not null && cache.TryGet(key!, out var cached))
        {
            return Apply(cached, session);
        }

        var query = GoQuery.Reencode(request.Location.RawQuery);
        var target = new UriBuilder(url) { Query = query }.Uri;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            if (!NotCopied.Contains(name) && !name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                headers.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v ?? "")));
            }
        }

        HttpRequestMessage Build()
        {
            var message = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(sent) };
            foreach (var (name, value) in headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            if (basic is not null)
            {
                message.Headers.Remove("Authorization");
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            }

            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return message;
        }

        OutboundResponse answer;
        try
        {
            answer = await retry.SendAsync(services, field, Build, readErrorBody: false, ct);
        }
        catch (OutboundFetchException e)
        {
            return PipelineError.Plain(e.Message);
        }

        if (answer.Status != HttpStatusCode.OK)
        {
            return PipelineError.Plain(answer.Status != HttpStatusCode.Unauthorized
                ? "The call to an external API returned a non-200 HTTP response"
                : basic is not null ? "Invalid credentials were provided in mutator configuration" : "No credentials were provided in mutator configuration");
        }

        var error = Apply(answer.Body, session);
        if (error is null && cache is not null)
        {
            cache.Set(key!, answer.Body, services.Time.GetUtcNow() + cacheTtl);
        }

        return error;
    }

    /// <summary>Reads the remote's session (Go's decoding: members of the wrong type fail) and takes its extra and headers.</summary>
    private static PipelineError? Apply(byte[] body, AuthenticationSession session)
    {
        string subject = "";
        JsonObject? extra = null;
        var header = new List<KeyValuePair<string, string>>();
        try
        {
            var root = JsonNode.Parse(body);
            if (root is not JsonObject answer)
            {
                return PipelineError.Plain(root is null ? Malformed : "json: cannot unmarshal the answer into Go value of type authn.AuthenticationSession");
            }

            subject = answer["subject"] switch
            {
                null => "",
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => throw new FormatException("json: cannot unmarshal subject into Go value of type string"),
            };
            extra = answer["extra"] switch
            {
                null => null,
                JsonObject o => o,
                _ => throw new FormatException("json: cannot unmarshal extra into Go value of type map[string]interface {}"),
            };
            if (answer["header"] is JsonObject headers)
            {
                foreach (var (name, values) in headers)
                {
                    if (values is not (null or JsonArray) || (values is JsonArray list && list.Any(v => v is not JsonValue s || s.GetValueKind() != JsonValueKind.String)))
                    {
                        throw new FormatException("json: cannot unmarshal header into Go value of type http.Header");
                    }

                    if (values is JsonArray { Count: > 0 } first)
                    {
                        header.Add(new(name, first[0]!.GetValue<string>()));
                    }
                }
            }
            else if (answer["header"] is not null)
            {
                throw new FormatException("json: cannot unmarshal header into Go value of type http.Header");
            }

            answer.Remove("extra"); // detaches it, so the session owns it
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return PipelineError.Plain(e.Message);
        }

        if (subject != session.Subject)
        {
            return PipelineError.Plain(Malformed);
        }

        session.Extra = extra;
        session.ReplaceHeaders(header);
        return null;
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Outbound;

namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// What <c>cookie_session</c> and <c>bearer_token</c> share (Oathkeeper's <c>PrepareRequest</c> and
/// <c>forwardRequestToSessionStore</c>): the request is replayed to <c>check_session_url</c> — its method
/// (or <c>force_method</c>), the request's path unless <c>preserve_path</c>, the request's query only when
/// <c>preserve_query: false</c>, the headers named in <c>forward_http_headers</c> (plus the credential's
/// own), <c>additional_headers</c>, and <c>X-Forwarded-Host</c> with <c>preserve_host</c>. 200: the subject
/// and extra are read from the answer with GJSON paths; 429: 429; anything else: 401; no answer: 403.
/// With <c>cache.enabled</c> (a Tessera extension) a 200 answer is kept for <c>cache.ttl</c>, never past
/// its own <c>expires_at</c>, keyed by the SHA-256 of the method, URL and forwarded headers.
/// </summary>
internal sealed class SessionStoreCheck
{
    public static readonly string[] Keys =
        ["check_session_url", "preserve_query", "preserve_path", "preserve_host", "force_method", "forward_http_headers", "additional_headers", "extra_from", "subject_from", "cache"];

    private readonly string field;
    private readonly Uri checkUrl;
    private readonly bool preserveQuery;
    private readonly bool preservePath;
    private readonly bool preserveHost;
    private readonly string? forceMethod;
    private readonly HashSet<string> forwardHeaders;
    private readonly IReadOnlyList<KeyValuePair<string, string>> additionalHeaders;
    private readonly GJsonPath subjectFrom;
    private readonly GJsonPath extraFrom;
    private readonly AnswerCache<byte[]>? cache;
    private readonly TimeSpan cacheTtl;
    private readonly PipelineServices services;

    private SessionStoreCheck(HandlerConfig config, string credentialHeader, string defaultSubjectFrom)
    {
        services = config.Services;
        field = config.Where + ".check_session_url";
        checkUrl = config.Url("check_session_url");
        preserveQuery = config.Bool("preserve_query", fallback: true);
        preservePath = config.Bool("preserve_path");
        preserveHost = config.Bool("preserve_host");
        forceMethod = config.String("force_method") is { Length: > 0 } method ? method : null;
        forwardHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { credentialHeader };
        forwardHeaders.UnionWith(config.Strings("forward_http_headers") ?? []);
        additionalHeaders = config.StringMap("additional_headers") ?? [];
        subjectFrom = Path(config, "subject_from", defaultSubjectFrom);
        extraFrom = Path(config, "extra_from", "extra");
        var cacheSettings = CacheSettings.FromConfig(config, "max_cost", 10_000);
        cacheTtl = cacheSettings.Ttl ?? TimeSpan.FromSeconds(30);
        cache = cacheSettings.Enabled && cacheTtl > TimeSpan.Zero ? new AnswerCache<byte[]>(cacheSettings.MaxEntries, config.Services.Time) : null;
    }

    /// <summary>The shared part of the config; <paramref name="credentialHeader"/> is always forwarded (Cookie or Authorization).</summary>
    public static SessionStoreCheck FromConfig(HandlerConfig config, string credentialHeader, string defaultSubjectFrom)
        => new(config, credentialHeader, defaultSubjectFrom);

    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var method = forceMethod ?? request.Method;
        var path = preservePath ? checkUrl.AbsolutePath : GoPath.Escape(request.Location.Path);
        var query = preserveQuery ? checkUrl.Query.TrimStart('?') : request.Location.RawQuery;
        var url = new Uri(checkUrl.GetLeftPart(UriPartial.Authority) + path + (query.Length > 0 ? "?" + query : ""), UriKind.Absolute);

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            if (forwardHeaders.Contains(name))
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value ?? ""));
                }
            }
        }

        string? key = null;
        if (cache is not null)
        {
            key = AnswerCache<byte[]>.Key(headers.Select(h => h.Key.ToLowerInvariant() + ": " + h.Value)
                .Prepend(preserveHost ? request.Location.Host : "").Prepend(url.AbsoluteUri).Prepend(method));
            if (cache.TryGet(key, out var cached))
            {
                return Read(cached, session);
            }
        }

        using var message = new HttpRequestMessage(new HttpMethod(method), url);
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        foreach (var (name, value) in additionalHeaders)
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (preserveHost)
        {
            message.Headers.Remove("X-Forwarded-Host");
            message.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Location.Host);
        }

        OutboundResponse answer;
        try
        {
            answer = await services.Outbound!.SendAsync(field, message, null, ct);
        }
        catch (OutboundFetchException e)
        {
            return AuthenticationOutcome.Failed(PipelineError.Forbidden with { Reason = e.Message });
        }

        if (answer.Status == HttpStatusCode.TooManyRequests)
        {
            return AuthenticationOutcome.Failed(PipelineError.TooManyRequests);
        }

        if (answer.Status != HttpStatusCode.OK)
        {
            return AuthenticationOutcome.Failed(PipelineError.Unauthorized);
        }

        var outcome = Read(answer.Body, session);
        if (cache is not null && outcome.Error is null)
        {
            cache.Set(key!, answer.Body, Expiry(answer.Body, services.Time.GetUtcNow() + cacheTtl));
        }

        return outcome;
    }

    /// <summary>Oathkeeper's unmarshalling of the two GJSON results: the subject must be a string (or absent), extra an object (or absent); else 403.</summary>
    private AuthenticationOutcome Read(byte[] body, AuthenticationSession session)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return AuthenticationOutcome.Failed(PipelineError.Forbidden with { Reason = $"The configured subject_from GJSON path returned an error on JSON output: {e.Message}" });
        }

        using (document)
        {
            using var subject = JsonDocument.Parse(subjectFrom.Raw(document.RootElement) ?? "null");
            if (subject.RootElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return AuthenticationOutcome.Failed(PipelineError.Forbidden with
                {
                    Reason = $"The configured subject_from GJSON path returned an error on JSON output: json: cannot unmarshal {GoKind(subject.RootElement)} into Go value of type string",
                });
            }

            var extra = JsonNode.Parse(extraFrom.Raw(document.RootElement) ?? "null");
            if (extra is not (null or JsonObject))
            {
                return AuthenticationOutcome.Failed(PipelineError.Forbidden with
                {
                    Reason = $"The configured extra_from GJSON path returned an error on JSON output: json: cannot unmarshal {GoKind(extra.GetValueKind())} into Go value of type map[string]interface {{}}",
                });
            }

            session.Subject = subject.RootElement.ValueKind == JsonValueKind.String ? subject.RootElement.GetString()! : "";
            session.Extra = (JsonObject?)extra;
            return AuthenticationOutcome.Authenticated;
        }
    }

    /// <summary>The cache entry's end: the configured TTL, or the session's own <c>expires_at</c> when that is sooner.</summary>
    private static DateTimeOffset Expiry(byte[] body, DateTimeOffset ttlEnd)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("expires_at", out var expires)
            && expires.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(expires.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            && at < ttlEnd
            ? at
            : ttlEnd;
    }

    private static GJsonPath Path(HandlerConfig config, string key, string fallback)
    {
        var text = config.String(key) is { Length: > 0 } given ? given : fallback;
        return GJsonPath.TryParse(text, out var problem) ?? throw config.Fail(key, problem!);
    }

    private static string GoKind(JsonElement element) => GoKind(element.ValueKind);

    private static string GoKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "string",
    };
}

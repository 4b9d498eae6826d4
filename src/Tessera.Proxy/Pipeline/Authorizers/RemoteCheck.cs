using System.Net;
using System.Net.Http.Headers;
using Tessera.Platform.Outbound;
using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline.Authorizers;

/// <summary>
/// What <c>remote</c> and <c>remote_json</c> share: a POST to <c>remote</c> with the request's <c>Authorization</c>, the
/// <c>headers</c> templates evaluated over the session (an empty result sends no header), and <c>retry</c>. 200 allows
/// and copies each of <c>forward_response_headers_to_upstream</c> from the answer into the session's headers (empty
/// when the answer lacks it, as Oathkeeper sets it); 403 denies; 429 is passed on; any other status or no answer is
/// an internal error.
/// </summary>
internal sealed class RemoteCheck
{
    public static readonly string[] Keys = ["remote", "headers", "forward_response_headers_to_upstream", "retry"];

    private readonly PipelineServices services;
    private readonly string field;
    private readonly Uri remote;
    private readonly IReadOnlyList<(string Name, string Text, GoTemplate Template)> headers;
    private readonly IReadOnlyList<string> forwardHeaders;
    private readonly RetryPolicy retry;
    private readonly string ruleId;

    private RemoteCheck(HandlerConfig config, RetryPolicy defaultRetry)
    {
        services = config.Services;
        field = config.Where + ".remote";
        remote = config.Url("remote");
        headers = (config.StringMap("headers") ?? []).Select(h => (h.Key, h.Value, config.Template("headers", h.Key, h.Value))).ToList();
        forwardHeaders = config.Strings("forward_response_headers_to_upstream") ?? [];
        retry = RetryPolicy.FromConfig(config, "retry", defaultRetry.GiveUpAfter, defaultRetry.MaxDelay);
        ruleId = config.RuleId;
    }

    public static RemoteCheck FromConfig(HandlerConfig config, RetryPolicy defaultRetry) => new(config, defaultRetry);

    /// <summary>Sends <paramref name="body"/> (with <paramref name="contentType"/>, none when null) and judges the answer; <paramref name="unexpected"/> words the error for another status.</summary>
    public async ValueTask<PipelineError?> CheckAsync(PipelineRequest request, AuthenticationSession session, byte[] body, string? contentType, Func<int, string> unexpected, CancellationToken ct)
    {
        var values = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var (name, text, template) in headers)
        {
            try
            {
                var value = template.Execute(session.ToTemplate());
                if (value.Length > 0)
                {
                    values.Add(new(name, value));
                }
            }
            catch (TemplateExecutionException e)
            {
                return PipelineError.Plain($"error executing headers template \"{text}\" in rule \"{ruleId}\": {e.Message}");
            }
        }

        var authorization = request.Headers.Authorization.FirstOrDefault();

        HttpRequestMessage Build()
        {
            var content = new ByteArrayContent(body);
            if (contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out _))
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            var message = new HttpRequestMessage(HttpMethod.Post, remote) { Content = content };
            if (!string.IsNullOrEmpty(authorization))
            {
                message.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            foreach (var (name, value) in values)
            {
                if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                {
                    content.Headers.Remove(name);
                    content.Headers.TryAddWithoutValidation(name, value);
                }
                else
                {
                    message.Headers.Remove(name);
                    message.Headers.TryAddWithoutValidation(name, value);
                }
            }

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

        switch (answer.Status)
        {
            case HttpStatusCode.OK:
                foreach (var name in forwardHeaders)
                {
                    session.SetHeader(name, answer.Header(name) ?? "");
                }

                return null;
            case HttpStatusCode.Forbidden:
                return PipelineError.Forbidden;
            case HttpStatusCode.TooManyRequests:
                return RateLimited.From(answer);
            default:
                return PipelineError.Plain(unexpected((int)answer.Status));
        }
    }
}

using System.Net;
using Tessera.Platform.Outbound;

namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// <c>oauth2_client_credentials</c>: the request's HTTP Basic credentials (each form-unescaped) are used as an OAuth 2.0
/// client's id and secret in a client credentials grant at <c>token_url</c> asking for <c>required_scope</c>; a token
/// in the answer authenticates the client id as the subject. The token endpoint's 429, 503, 500, 504 and 404 are
/// passed on as Oathkeeper does; any other refusal is 401; no answer is 503. Without Basic credentials it is not
/// responsible. With <c>cache.enabled</c> a granted exchange is remembered, keyed by the SHA-256 of the token URL,
/// scopes, id and secret, until <c>cache.ttl</c> or the token's expiry, whichever is sooner.
/// </summary>
internal sealed class OAuth2ClientCredentialsAuthenticator : IAuthenticator
{
    public static HandlerFactory<IAuthenticator> Factory { get; } = new("oauth2_client_credentials", config => new OAuth2ClientCredentialsAuthenticator(config));

    private readonly PipelineServices services;
    private readonly string field;
    private readonly Uri tokenUrl;
    private readonly IReadOnlyList<string> requiredScope;
    private readonly RetryPolicy retry;
    private readonly AnswerCache<string>? cache;
    private readonly TimeSpan? cacheTtl;

    private OAuth2ClientCredentialsAuthenticator(HandlerConfig config)
    {
        config.AllowOnly("token_url", "required_scope", "retry", "cache");
        services = config.Services;
        field = config.Where + ".token_url";
        tokenUrl = config.Url("token_url");
        requiredScope = config.Strings("required_scope") ?? [];
        retry = RetryPolicy.FromConfig(config, "retry", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        var cacheSettings = CacheSettings.FromConfig(config, "max_tokens", 1000);
        cacheTtl = cacheSettings.Ttl;
        cache = cacheSettings.Create<string>(services.Time);
    }

    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        if (BasicCredentials.Read(request) is not var (rawUser, rawPassword))
        {
            return AuthenticationOutcome.NotResponsible;
        }

        if (GoQuery.Unescape(rawUser) is not { } user || GoQuery.Unescape(rawPassword) is not { } password)
        {
            return AuthenticationOutcome.Failed(PipelineError.Unauthorized with { Reason = "invalid URL escape in the client credentials" });
        }

        var key = cache is null ? null : AnswerCache<string>.Key([tokenUrl.AbsoluteUri, string.Join(' ', requiredScope), user, password]);
        if (cache is not null && cache.TryGet(key!, out _))
        {
            session.Subject = user;
            return AuthenticationOutcome.Authenticated;
        }

        OutboundResponse answer;
        try
        {
            answer = await retry.SendAsync(services, field, () => ClientCredentialsGrant.Request(tokenUrl, user, password, requiredScope, null), readErrorBody: false, ct);
        }
        catch (OutboundFetchException e)
        {
            return AuthenticationOutcome.Failed(UpstreamNotAvailable with { Reason = e.Message });
        }

        if (!answer.IsSuccess)
        {
            return AuthenticationOutcome.Failed(Refusal(answer));
        }

        var now = services.Time.GetUtcNow();
        if (ClientCredentialsGrant.Read(answer.Body, answer.Header("Content-Type"), now) is not { } token)
        {
            return AuthenticationOutcome.Failed(UpstreamNotAvailable with { Reason = "oauth2: server response missing access_token" });
        }

        if (cache is not null)
        {
            DateTimeOffset? until = cacheTtl is { } ttl ? now + ttl : null;
            if (token.Expires is { } expires && (until is null || expires < until))
            {
                until = expires;
            }

            if (until is { } end)
            {
                cache.Set(key!, token.AccessToken, end);
            }
        }

        session.Subject = user;
        return AuthenticationOutcome.Authenticated;
    }

    private static PipelineError UpstreamNotAvailable { get; } = new(503, "The upstream service is not available");

    private static PipelineError Refusal(OutboundResponse answer)
    {
        var reason = $"oauth2: cannot fetch token: the token endpoint answered {(int)answer.Status}";
        return answer.Status switch
        {
            HttpStatusCode.TooManyRequests => RateLimited.From(answer),
            HttpStatusCode.ServiceUnavailable => UpstreamNotAvailable with { Reason = reason },
            HttpStatusCode.InternalServerError => new PipelineError(500, "The upstream service encountered an unexpected error", reason),
            HttpStatusCode.GatewayTimeout => new PipelineError(504, "The upstream service is timing out", reason),
            HttpStatusCode.NotFound => new PipelineError(404, "Upstream service not found", reason),
            _ => PipelineError.Unauthorized with { Reason = reason },
        };
    }
}

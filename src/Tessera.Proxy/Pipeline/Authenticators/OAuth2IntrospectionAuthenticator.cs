using System.Net;
using Tessera.Platform.Outbound;
using Tessera.Platform.Scopes;

namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// <c>oauth2_introspection</c>: a token where <c>token_from</c> says (default <c>Authorization: Bearer …</c>) that
/// starts with <c>prefix</c> is sent to <c>introspection_url</c> (RFC 7662 form POST; with <c>scope_strategy: none</c>
/// the <c>required_scope</c> goes along as <c>scope</c> for the server to check). The answer must be active, not
/// expired, an access token (when <c>token_use</c> says), for every <c>target_audience</c>, from a
/// <c>trusted_issuers</c> entry, and grant every <c>required_scope</c> under the strategy. Subject is <c>sub</c>;
/// extra is <c>ext</c> plus <c>username</c>, <c>client_id</c>, <c>scope</c>, <c>aud</c>. Without a token it is not responsible.
/// </summary>
internal sealed class OAuth2IntrospectionAuthenticator : IAuthenticator
{
    public static HandlerFactory<IAuthenticator> Factory { get; } = new("oauth2_introspection", config => new OAuth2IntrospectionAuthenticator(config));

    private readonly PipelineServices services;
    private readonly string field;
    private readonly Uri introspectionUrl;
    private readonly TokenLocation from;
    private readonly string prefix;
    private readonly bool preserveHost;
    private readonly IReadOnlyList<string> requiredScope;
    private readonly ScopeStrategy? strategy;
    private readonly IReadOnlyList<string> targetAudience;
    private readonly IReadOnlyList<string> trustedIssuers;
    private readonly IReadOnlyList<KeyValuePair<string, string>> requestHeaders;
    private readonly RetryPolicy retry;
    private readonly PreAuthorization? preAuthorization;
    private readonly AnswerCache<byte[]>? cache;
    private readonly TimeSpan? cacheTtl;

    private OAuth2IntrospectionAuthenticator(HandlerConfig config)
    {
        config.AllowOnly("introspection_url", "scope_strategy", "pre_authorization", "required_scope", "target_audience", "trusted_issuers", "prefix", "preserve_host",
            "introspection_request_headers", "token_from", "retry", "cache");
        services = config.Services;
        field = config.Where + ".introspection_url";
        introspectionUrl = config.Url("introspection_url");
        from = TokenLocation.FromConfig(config);
        prefix = config.String("prefix") ?? "";
        preserveHost = config.Bool("preserve_host");
        requiredScope = config.Strings("required_scope") ?? [];
        var strategyName = config.String("scope_strategy") ?? "none";
        strategy = ScopeStrategy.FromOathkeeperName(strategyName, out var known);
        if (!known)
        {
            throw config.Fail("scope_strategy", $"\"{strategyName}\" is not one of hierarchic, exact, wildcard, none");
        }

        targetAudience = config.Strings("target_audience") ?? [];
        trustedIssuers = config.Strings("trusted_issuers") ?? [];
        requestHeaders = config.StringMap("introspection_request_headers") ?? [];
        retry = RetryPolicy.FromConfig(config, "retry", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500));
        preAuthorization = PreAuthorization.FromConfig(config, retry);
        var cacheSettings = CacheSettings.FromConfig(config, "max_cost", 10_000);
        cacheTtl = cacheSettings.Ttl;

        // With no strategy the server checked the scopes for this call alone, so its answer cannot stand for another (Oathkeeper's rule).
        cache = strategy is null && requiredScope.Count > 0 ? null : cacheSettings.Create<byte[]>(services.Time);
    }

    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var token = from.Read(request);
        if (token.Length == 0 || !token.StartsWith(prefix, StringComparison.Ordinal))
        {
            return AuthenticationOutcome.NotResponsible;
        }

        var key = cache is null ? null : AnswerCache<byte[]>.Key([token, introspectionUrl.AbsoluteUri]);
        byte[]? body = null;
        var inCache = cache is not null && cache.TryGet(key!, out body);
        if (!inCache)
        {
            var (answer, error) = await IntrospectAsync(request, token, ct);
            if (error is not null)
            {
                return AuthenticationOutcome.Failed(error);
            }

            body = answer!;
        }

        if (IntrospectionResult.Parse(body!, out var problem) is not { } result)
        {
            return AuthenticationOutcome.Failed(PipelineError.Plain(problem!));
        }

        if (Check(result) is { } refused)
        {
            return AuthenticationOutcome.Failed(refused);
        }

        if (!inCache && cache is not null && CacheUntil(result) is { } until)
        {
            cache.Set(key!, body!, until);
        }

        session.Subject = result.Subject;
        session.Extra = result.Extra();
        return AuthenticationOutcome.Authenticated;
    }

    private async Task<(byte[]? Body, PipelineError? Error)> IntrospectAsync(PipelineRequest request, string token, CancellationToken ct)
    {
        string? bearer = null;
        if (preAuthorization is not null)
        {
            var (accessToken, problem) = await preAuthorization.TokenAsync(services, ct);
            if (accessToken is null)
            {
                return (null, PipelineError.Plain(problem!));
            }

            bearer = accessToken;
        }

        var form = new List<KeyValuePair<string, string>> { new("token", token) };
        if (strategy is null)
        {
            form.Add(new("scope", string.Join(' ', requiredScope)));
        }

        HttpRequestMessage Build()
        {
            var message = new HttpRequestMessage(HttpMethod.Post, introspectionUrl) { Content = new FormUrlEncodedContent(form) };
            foreach (var (name, value) in requestHeaders)
            {
                if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !message.Headers.TryAddWithoutValidation(name, value))
                {
                    message.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (preserveHost)
            {
                message.Headers.Remove("X-Forwarded-Host");
                message.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Location.Host);
            }

            if (bearer is not null)
            {
                message.Headers.Remove("Authorization");
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
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
            return (null, PipelineError.Plain(e.Message));
        }

        return answer.Status switch
        {
            HttpStatusCode.OK => (answer.Body, null),
            HttpStatusCode.TooManyRequests => (null, RateLimited.From(answer)),
            _ => (null, PipelineError.Plain($"Introspection returned status code {(int)answer.Status} but expected 200")),
        };
    }

    private PipelineError? Check(IntrospectionResult result)
    {
        if (result.TokenUse.Length > 0 && result.TokenUse != "access_token")
        {
            return PipelineError.Forbidden with { Reason = $"Use of introspected token is not an access token but \"{result.TokenUse}\"" };
        }

        if (!result.Active)
        {
            return PipelineError.Unauthorized with { Reason = "Access token is not active" };
        }

        if (result.Expires > 0 && DateTimeOffset.FromUnixTimeSeconds(result.Expires) < services.Time.GetUtcNow())
        {
            return PipelineError.Unauthorized with { Reason = "Access token expired" };
        }

        foreach (var audience in targetAudience)
        {
            if (!result.Audience.Contains(audience))
            {
                return PipelineError.Forbidden with { Reason = $"Token audience is not intended for target audience {audience}" };
            }
        }

        if (trustedIssuers.Count > 0 && !trustedIssuers.Contains(result.Issuer))
        {
            return PipelineError.Forbidden with { Reason = "Token issuer does not match any trusted issuer" };
        }

        if (strategy is not null)
        {
            var granted = result.Scope.Split(' ');
            foreach (var scope in requiredScope)
            {
                if (!strategy.Allows(granted, scope))
                {
                    return PipelineError.Forbidden with { Reason = $"Scope {scope} was not granted" };
                }
            }
        }

        return null;
    }

    /// <summary>Until <c>cache.ttl</c> from now, never past the token's <c>exp</c>; null (not kept) when neither bounds it.</summary>
    private DateTimeOffset? CacheUntil(IntrospectionResult result)
    {
        DateTimeOffset? until = cacheTtl is { } ttl ? services.Time.GetUtcNow() + ttl : null;
        if (result.Expires > 0 && (until is null || DateTimeOffset.FromUnixTimeSeconds(result.Expires) < until))
        {
            until = DateTimeOffset.FromUnixTimeSeconds(result.Expires);
        }

        return until;
    }
}

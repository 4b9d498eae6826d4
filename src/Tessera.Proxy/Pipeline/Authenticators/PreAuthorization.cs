using Tessera.Platform.Outbound;

namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>
/// <c>oauth2_introspection</c>'s <c>pre_authorization</c>: an access token got with the client credentials grant at
/// <c>token_url</c> (<c>client_id</c>, <c>client_secret</c>, <c>scope</c>, <c>audience</c>) and sent as the introspection
/// call's bearer token. The token is kept and reused until ten seconds before it expires (Go's oauth2 token source);
/// a token without <c>expires_in</c> is reused until a restart or rule reload.
/// </summary>
internal sealed class PreAuthorization(Uri tokenUrl, string clientId, string clientSecret, IReadOnlyList<string> scopes, string? audience, RetryPolicy retry, string field)
{
    private static readonly TimeSpan EarlyRenewal = TimeSpan.FromSeconds(10);

    private volatile Held? held;

    /// <summary>The object's settings, or null when it is absent or not <c>enabled</c>.</summary>
    public static PreAuthorization? FromConfig(HandlerConfig config, RetryPolicy retry)
    {
        if (config.Section("pre_authorization") is not { } pre)
        {
            return null;
        }

        pre.AllowOnly("enabled", "client_id", "client_secret", "token_url", "scope", "audience");
        return pre.Bool("enabled")
            ? new PreAuthorization(pre.Url("token_url"), pre.RequiredString("client_id"), pre.RequiredString("client_secret"), pre.Strings("scope") ?? [], pre.String("audience"), retry,
                pre.Where + ".token_url")
            : null;
    }

    /// <summary>The bearer token, or why none could be got (a plain error's message).</summary>
    public async Task<(string? Token, string? Problem)> TokenAsync(PipelineServices services, CancellationToken ct)
    {
        var now = services.Time.GetUtcNow();
        if (held is { } current && (current.Expires is null || current.Expires - EarlyRenewal > now))
        {
            return (current.Token, null);
        }

        OutboundResponse answer;
        try
        {
            answer = await retry.SendAsync(services, field, () => ClientCredentialsGrant.Request(tokenUrl, clientId, clientSecret, scopes, audience), readErrorBody: false, ct);
        }
        catch (OutboundFetchException e)
        {
            return (null, e.Message);
        }

        if (!answer.IsSuccess)
        {
            return (null, $"oauth2: cannot fetch token: the token endpoint answered {(int)answer.Status}");
        }

        if (ClientCredentialsGrant.Read(answer.Body, answer.Header("Content-Type"), now) is not { } token)
        {
            return (null, "oauth2: server response missing access_token");
        }

        held = new Held(token.AccessToken, token.Expires);
        return (token.AccessToken, null);
    }

    private sealed record Held(string Token, DateTimeOffset? Expires);
}

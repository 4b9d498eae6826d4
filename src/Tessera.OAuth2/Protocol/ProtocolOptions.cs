using Tessera.Platform.Configuration;

namespace Tessera.OAuth2.Protocol;

/// <summary>The protocol settings of the oauth2 service, read once from the validated configuration.</summary>
internal sealed record ProtocolOptions
{
    /// <summary>The issuer URL exactly as configured (<c>urls.self.issuer</c>): the <c>iss</c> of every token.</summary>
    public required string Issuer { get; init; }

    /// <summary>The public base URL, ending in <c>/</c>; defaults to the issuer.</summary>
    public required string PublicUrl { get; init; }

    public string? LoginUrl { get; init; }

    public string? ConsentUrl { get; init; }

    public string? LogoutUrl { get; init; }

    public string? ErrorUrl { get; init; }

    public string? PostLogoutRedirectUrl { get; init; }

    public string? DeviceVerificationUrl { get; init; }

    public string? DeviceSuccessUrl { get; init; }

    public TimeSpan AccessTokenTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Null means refresh tokens never expire (<c>ttl.refresh_token: -1</c>).</summary>
    public TimeSpan? RefreshTokenTtl { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan IdTokenTtl { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan AuthCodeTtl { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan LoginConsentRequestTtl { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan AuthenticationSessionTtl { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan DeviceUserCodeTtl { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan DevicePollingInterval { get; init; } = TimeSpan.FromSeconds(5);

    public required ScopeStrategy Scopes { get; init; }

    public string AccessTokenStrategy { get; init; } = "opaque";

    /// <summary><c>strategies.jwt.scope_claim</c>: <c>list</c> (scp), <c>string</c> (scope) or <c>both</c>.</summary>
    public string JwtScopeClaim { get; init; } = "list";

    public bool PkceEnforced { get; init; }

    public bool PkceEnforcedForPublicClients { get; init; }

    public bool ClientCredentialsDefaultGrantAllowedScope { get; init; }

    public bool EncryptSessionAtRest { get; init; } = true;

    public IReadOnlyList<string> SubjectTypes { get; init; } = ["public"];

    public string PairwiseSalt { get; init; } = "";

    public bool Dev { get; init; }

    public string CookieSameSite { get; init; } = "Lax";

    public bool CookieSecure { get; init; }

    public string? CookieDomain { get; init; }

    public string LoginCsrfCookie { get; init; } = "ory_hydra_login_csrf";

    public string ConsentCsrfCookie { get; init; } = "ory_hydra_consent_csrf";

    public string SessionCookie { get; init; } = "ory_hydra_session";

    public string DeviceCsrfCookie { get; init; } = "ory_hydra_device_csrf";

    public string SessionCookiePath { get; init; } = "/";

    public string TokenUrl => PublicUrl + "oauth2/token";

    public string AuthorizeUrl => PublicUrl + "oauth2/auth";

    public static ProtocolOptions FromConfig(ConfigSnapshot config, bool dev)
    {
        var port = config.GetInt("serve.public.port") ?? 4444;
        var issuer = config.GetString("urls.self.issuer") is { Length: > 0 } configured ? configured : $"http://localhost:{port}/";
        var options = new ProtocolOptions
        {
            Issuer = issuer,
            PublicUrl = Slash(config.GetString("urls.self.public") ?? issuer),
            LoginUrl = Empty(config.GetString("urls.login")),
            ConsentUrl = Empty(config.GetString("urls.consent")),
            LogoutUrl = Empty(config.GetString("urls.logout")),
            ErrorUrl = Empty(config.GetString("urls.error")),
            PostLogoutRedirectUrl = Empty(config.GetString("urls.post_logout_redirect")),
            DeviceVerificationUrl = Empty(config.GetString("urls.device.verification")),
            DeviceSuccessUrl = Empty(config.GetString("urls.device.success")),
            AccessTokenTtl = config.GetDuration("ttl.access_token") ?? TimeSpan.FromHours(1),
            RefreshTokenTtl = config.GetDuration("ttl.refresh_token"),
            IdTokenTtl = config.GetDuration("ttl.id_token") ?? TimeSpan.FromHours(1),
            AuthCodeTtl = config.GetDuration("ttl.auth_code") ?? TimeSpan.FromMinutes(10),
            LoginConsentRequestTtl = config.GetDuration("ttl.login_consent_request") ?? TimeSpan.FromMinutes(30),
            AuthenticationSessionTtl = config.GetDuration("ttl.authentication_session") ?? TimeSpan.FromDays(30),
            DeviceUserCodeTtl = config.GetDuration("ttl.device_user_code") ?? TimeSpan.FromMinutes(10),
            DevicePollingInterval = config.GetDuration("oauth2.device_authorization.token_polling_interval") ?? TimeSpan.FromSeconds(5),
            Scopes = ScopeStrategy.FromName(config.GetString("strategies.scope")),
            AccessTokenStrategy = config.GetString("strategies.access_token") ?? "opaque",
            JwtScopeClaim = config.GetString("strategies.jwt.scope_claim") ?? "list",
            PkceEnforced = config.GetBool("oauth2.pkce.enforced") ?? false,
            PkceEnforcedForPublicClients = config.GetBool("oauth2.pkce.enforced_for_public_clients") ?? false,
            ClientCredentialsDefaultGrantAllowedScope = config.GetBool("oauth2.client_credentials.default_grant_allowed_scope") ?? false,
            EncryptSessionAtRest = config.GetBool("oauth2.session.encrypt_at_rest") ?? true,
            SubjectTypes = config.GetStrings("oidc.subject_identifiers.supported_types") is { Count: > 0 } types ? types : ["public"],
            PairwiseSalt = config.GetString("oidc.subject_identifiers.pairwise.salt") ?? "",
            Dev = dev,
            CookieSameSite = config.GetString("serve.cookies.same_site_mode") is { Length: > 0 } mode ? mode : "Lax",
            CookieSecure = !dev || (config.GetBool("serve.cookies.secure") ?? false),
            CookieDomain = Empty(config.GetString("serve.cookies.domain")),
            LoginCsrfCookie = config.GetString("serve.cookies.names.login_csrf") ?? "ory_hydra_login_csrf",
            ConsentCsrfCookie = config.GetString("serve.cookies.names.consent_csrf") ?? "ory_hydra_consent_csrf",
            SessionCookie = config.GetString("serve.cookies.names.session") ?? "ory_hydra_session",
            DeviceCsrfCookie = config.GetString("serve.cookies.names.device_csrf") ?? "ory_hydra_device_csrf",
            SessionCookiePath = config.GetString("serve.cookies.paths.session") ?? "/",
        };
        return options;
    }

    private static string Slash(string url) => url.EndsWith('/') ? url : url + "/";

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

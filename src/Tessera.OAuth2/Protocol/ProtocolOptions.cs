using Tessera.Platform.Configuration;
using Tessera.Platform.Scopes;

namespace Tessera.OAuth2.Protocol;

/// <summary>The protocol settings of the oauth2 service, read once from the validated configuration.</summary>
internal sealed record ProtocolOptions
{
    /// <summary>The issuer URL exactly as configured (<c>urls.self.issuer</c>): the <c>iss</c> of every token.</summary>
    public required string Issuer { get; init; }

    /// <summary>The public base URL, ending in <c>/</c>; defaults to the issuer.</summary>
    public required string PublicUrl { get; init; }

    /// <summary>The login app (<c>urls.login</c>); like the other flow URLs below, the fallback page on the public listener when unset.</summary>
    public required string LoginUrl { get; init; }

    public required string ConsentUrl { get; init; }

    public required string LogoutUrl { get; init; }

    public required string ErrorUrl { get; init; }

    public required string PostLogoutRedirectUrl { get; init; }

    public required string DeviceVerificationUrl { get; init; }

    public required string DeviceSuccessUrl { get; init; }

    public TimeSpan AccessTokenTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Null means refresh tokens never expire (<c>ttl.refresh_token: -1</c>).</summary>
    public TimeSpan? RefreshTokenTtl { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan IdTokenTtl { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan AuthCodeTtl { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan LoginConsentRequestTtl { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan AuthenticationSessionTtl { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan DeviceUserCodeTtl { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan DevicePollingInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Graceful refresh token rotation; <see cref="RefreshRotationGrace.Off"/> is strict rotation.</summary>
    public RefreshRotationGrace RefreshGrace { get; init; } = RefreshRotationGrace.Off;

    public required ScopeStrategy Scopes { get; init; }

    public string AccessTokenStrategy { get; init; } = "opaque";

    /// <summary><c>strategies.jwt.scope_claim</c>: <c>list</c> (scp), <c>string</c> (scope) or <c>both</c>.</summary>
    public string JwtScopeClaim { get; init; } = "list";

    /// <summary>Extra claims (<c>session.access_token</c>) that JWT access tokens also carry at the top level (<c>oauth2.allowed_top_level_claims</c>).</summary>
    public IReadOnlyList<string> AllowedTopLevelClaims { get; init; } = [];

    /// <summary>Whether claims copied to the top level stay under <c>ext</c> too (<c>oauth2.mirror_top_level_claims</c>).</summary>
    public bool MirrorTopLevelClaims { get; init; } = true;

    /// <summary>Leaves <c>nbf</c> out of JWT access tokens (<c>oauth2.exclude_not_before_claim</c>).</summary>
    public bool ExcludeNotBeforeClaim { get; init; }

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
        var publicUrl = Slash(config.GetString("urls.self.public") ?? issuer);

        // Unset flow URLs point at the fallback pages on the public listener, as in Hydra.
        string Url(string key, string fallback) => Empty(config.GetString(key)) ?? publicUrl + fallback;
        return new ProtocolOptions
        {
            Issuer = issuer,
            PublicUrl = publicUrl,
            LoginUrl = Url("urls.login", "oauth2/fallbacks/login"),
            ConsentUrl = Url("urls.consent", "oauth2/fallbacks/consent"),
            LogoutUrl = Url("urls.logout", "oauth2/fallbacks/logout"),
            ErrorUrl = Url("urls.error", "oauth2/fallbacks/error"),
            PostLogoutRedirectUrl = Url("urls.post_logout_redirect", "oauth2/fallbacks/logout/callback"),
            DeviceVerificationUrl = Url("urls.device.verification", "oauth2/fallbacks/device"),
            DeviceSuccessUrl = Url("urls.device.success", "oauth2/fallbacks/device/done"),
            AccessTokenTtl = config.GetDuration("ttl.access_token") ?? TimeSpan.FromHours(1),
            RefreshTokenTtl = config.GetDuration("ttl.refresh_token"),
            IdTokenTtl = config.GetDuration("ttl.id_token") ?? TimeSpan.FromHours(1),
            AuthCodeTtl = config.GetDuration("ttl.auth_code") ?? TimeSpan.FromMinutes(10),
            LoginConsentRequestTtl = config.GetDuration("ttl.login_consent_request") ?? TimeSpan.FromMinutes(30),
            AuthenticationSessionTtl = config.GetDuration("ttl.authentication_session") ?? TimeSpan.FromDays(30),
            DeviceUserCodeTtl = config.GetDuration("ttl.device_user_code") ?? TimeSpan.FromMinutes(10),
            DevicePollingInterval = config.GetDuration("oauth2.device_authorization.token_polling_interval") ?? TimeSpan.FromSeconds(5),
            RefreshGrace = RefreshRotationGrace.From(
                config.GetDuration("oauth2.grant.refresh_token.rotation_grace_period") ?? TimeSpan.Zero,
                config.GetInt("oauth2.grant.refresh_token.rotation_grace_reuse_count") ?? 0),
            Scopes = ScopeStrategy.FromName(config.GetString("strategies.scope")),
            AccessTokenStrategy = config.GetString("strategies.access_token") ?? "opaque",
            JwtScopeClaim = config.GetString("strategies.jwt.scope_claim") ?? "list",
            AllowedTopLevelClaims = config.GetStrings("oauth2.allowed_top_level_claims"),
            MirrorTopLevelClaims = config.GetBool("oauth2.mirror_top_level_claims") ?? true,
            ExcludeNotBeforeClaim = config.GetBool("oauth2.exclude_not_before_claim") ?? false,
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
    }

    private static string Slash(string url) => url.EndsWith('/') ? url : url + "/";

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

using System.Security.Cryptography;
using System.Text;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Flows;

/// <summary>
/// The self-service settings of Kratos's <c>selfservice.*</c> the flows read, and the anti-CSRF
/// cookie's shape: named <c>csrf_token_&lt;hex SHA-256 of the public base URL&gt;</c> as Kratos names
/// it, HttpOnly, Secure outside <c>--dev</c>, SameSite Lax.
/// </summary>
internal sealed record FlowOptions(
    string PublicBaseUrl,
    string DefaultBrowserReturnUrl,
    IReadOnlyList<string> AllowedReturnUrls,
    string LoginUiUrl,
    TimeSpan LoginLifespan,
    string LoginStyle,
    bool RegistrationEnabled,
    string RegistrationUiUrl,
    TimeSpan RegistrationLifespan,
    bool RegistrationTwoSteps,
    string ErrorUiUrl,
    bool SecureCookies)
{
    private const string Fallback = "https://www.ory.sh/kratos/docs/fallback/";

    public string CsrfCookieName { get; } = "csrf_token_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PublicBaseUrl)));

    public string CookiePath { get; init; } = "/";

    public string? CookieDomain { get; init; }

    /// <summary><c>selfservice.flows.login.style: identifier_first</c>.</summary>
    public bool LoginIdentifierFirst => LoginStyle == "identifier_first";

    public string UiUrl(string flow) => flow == FlowNames.Login ? LoginUiUrl : RegistrationUiUrl;

    public TimeSpan Lifespan(string flow) => flow == FlowNames.Login ? LoginLifespan : RegistrationLifespan;

    public static FlowOptions FromConfig(ConfigSnapshot config, string publicBaseUrl, bool dev) => new(
        publicBaseUrl,
        config.GetString("selfservice.default_browser_return_url") ?? publicBaseUrl,
        config.GetStrings("selfservice.allowed_return_urls"),
        config.GetString("selfservice.flows.login.ui_url") ?? Fallback + "login",
        Duration(config, "selfservice.flows.login.lifespan"),
        config.GetString("selfservice.flows.login.style") ?? "unified",
        config.GetBool("selfservice.flows.registration.enabled") ?? true,
        config.GetString("selfservice.flows.registration.ui_url") ?? Fallback + "registration",
        Duration(config, "selfservice.flows.registration.lifespan"),
        // Kratos: the deprecated enable_legacy_one_step wins when true; otherwise style profile_first (the default) is two steps.
        !(config.GetBool("selfservice.flows.registration.enable_legacy_one_step") ?? false)
            && (config.GetString("selfservice.flows.registration.style") ?? "profile_first") == "profile_first",
        config.GetString("selfservice.flows.error.ui_url") ?? Fallback + "error",
        !dev)
    {
        CookiePath = config.GetString("cookies.path") ?? "/",
        CookieDomain = config.GetString("cookies.domain"),
    };

    private static TimeSpan Duration(ConfigSnapshot config, string key)
        => config.GetDuration(key) ?? TimeSpan.FromHours(1);
}

using Tessera.Platform.Configuration;

namespace Tessera.Identity.Flows.Settings;

/// <summary>
/// Kratos's <c>selfservice.flows.settings.*</c> and <c>selfservice.flows.logout.*</c>: the settings UI, the
/// flow's lifespan, how recently a session must have authenticated to change the password or identifiers
/// (<c>privileged_session_max_age</c>, default 1h), and where a browser goes after logout. The after-hooks and return
/// URLs of a saved change are <see cref="Hooks.FlowHooks"/>'s, as for login and registration.
/// </summary>
internal sealed record SettingsOptions(string UiUrl, TimeSpan Lifespan, TimeSpan PrivilegedSessionMaxAge, string? LogoutReturnUrl)
{
    public static SettingsOptions FromConfig(ConfigSnapshot config) => new(
        config.GetString("selfservice.flows.settings.ui_url") ?? "https://www.ory.sh/kratos/docs/fallback/settings",
        config.GetDuration("selfservice.flows.settings.lifespan") ?? TimeSpan.FromHours(1),
        config.GetDuration("selfservice.flows.settings.privileged_session_max_age") ?? TimeSpan.FromHours(1),
        config.GetString("selfservice.flows.logout.after.default_browser_return_url"));
}

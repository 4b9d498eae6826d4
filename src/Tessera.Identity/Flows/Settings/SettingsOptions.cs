using System.Text.Json.Nodes;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Flows.Settings;

/// <summary>
/// Kratos's <c>selfservice.flows.settings.*</c> and <c>selfservice.flows.logout.*</c>: the settings UI, the
/// flow's lifespan, how recently a session must have authenticated to change the password or identifiers
/// (<c>privileged_session_max_age</c>, default 1h), and after a successful update where the browser goes and
/// which hooks run — a method's own (<c>after.password.hooks</c>) instead of the global ones (<c>after.hooks</c>).
/// </summary>
internal sealed record SettingsOptions(
    string UiUrl,
    TimeSpan Lifespan,
    TimeSpan PrivilegedSessionMaxAge,
    string? AfterReturnUrl,
    IReadOnlyDictionary<string, string> MethodReturnUrls,
    IReadOnlyList<string> Hooks,
    IReadOnlyDictionary<string, IReadOnlyList<string>> MethodHooks,
    string? LogoutReturnUrl)
{
    public const string RevokeActiveSessions = "revoke_active_sessions";
    public const string WebHook = "web_hook";

    private const string After = "selfservice.flows.settings.after";

    /// <summary>The hooks that run after <paramref name="method"/> saved: its own when it has any, else the global ones (as Kratos).</summary>
    public IReadOnlyList<string> HooksFor(string method) => MethodHooks.TryGetValue(method, out var own) && own.Count > 0 ? own : Hooks;

    /// <summary>Kratos's <c>SelfServiceFlowSettingsReturnTo</c>: the method's return URL, else the global one, else <paramref name="fallback"/>.</summary>
    public string ReturnUrlFor(string method, string fallback) => MethodReturnUrls.GetValueOrDefault(method) ?? AfterReturnUrl ?? fallback;

    public static SettingsOptions FromConfig(ConfigSnapshot config)
    {
        var returnUrls = new Dictionary<string, string>(StringComparer.Ordinal);
        var methodHooks = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (config.Get(After) is JsonObject after)
        {
            foreach (var (key, value) in after)
            {
                if (value is not JsonObject method)
                {
                    continue;
                }

                if (method["default_browser_return_url"] is JsonValue url && url.TryGetValue<string>(out var text))
                {
                    returnUrls[key] = text;
                }

                methodHooks[key] = HookNames(method["hooks"]);
            }
        }

        return new SettingsOptions(
            config.GetString("selfservice.flows.settings.ui_url") ?? "https://www.ory.sh/kratos/docs/fallback/settings",
            config.GetDuration("selfservice.flows.settings.lifespan") ?? TimeSpan.FromHours(1),
            config.GetDuration("selfservice.flows.settings.privileged_session_max_age") ?? TimeSpan.FromHours(1),
            config.GetString(After + ".default_browser_return_url"),
            returnUrls,
            HookNames(config.Get(After + ".hooks")),
            methodHooks,
            config.GetString("selfservice.flows.logout.after.default_browser_return_url"));
    }

    private static List<string> HookNames(JsonNode? hooks)
        => hooks is JsonArray list ? list.Select(h => h?["hook"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null).OfType<string>().ToList() : [];
}

using System.Text.Json.Nodes;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Hooks;

/// <summary>
/// The after-hooks of login, registration and settings, read once at start as Kratos's registry resolves them: a
/// method's own <c>selfservice.flows.&lt;flow&gt;.after.&lt;method&gt;.hooks</c> when it has any, else the flow's
/// <c>selfservice.flows.&lt;flow&gt;.after.hooks</c> (never both). A hook this service cannot run stops the start
/// naming its key: an unknown name, a hook the flow does not have (<c>session</c> is registration's,
/// <c>require_verified_address</c> login's), a <c>web_hook</c> with a Jsonnet <c>body</c> (no Jsonnet evaluator yet),
/// and a settings <c>web_hook</c> that parses its answer or may interrupt (Kratos runs those before the change is saved).
/// </summary>
internal sealed class FlowHooks
{
    private static readonly string[] Methods = ["password", "oidc", "code", "webauthn", "passkey", "totp", "lookup_secret", "saml", "profile"];

    private readonly Dictionary<string, IReadOnlyList<FlowHook>> hooks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> returnUrls = new(StringComparer.Ordinal);

    private FlowHooks()
    {
    }

    /// <summary>The hooks to run after <paramref name="method"/> completed <paramref name="flow"/>.</summary>
    public IReadOnlyList<FlowHook> After(string flow, string method)
        => hooks.TryGetValue($"{flow}.{method}", out var own) && own.Count > 0 ? own : hooks.GetValueOrDefault(flow, []);

    /// <summary>Whether the <c>session</c> hook runs after <paramref name="method"/> completed <paramref name="flow"/>.</summary>
    public bool Has(string flow, string method, string name) => After(flow, method).Any(h => h.Name == name);

    /// <summary>
    /// Where a browser goes after <paramref name="method"/> completed <paramref name="flow"/> without a <c>return_to</c>:
    /// <c>after.&lt;method&gt;.default_browser_return_url</c>, else <c>after.default_browser_return_url</c>, else null
    /// (then <c>selfservice.default_browser_return_url</c>).
    /// </summary>
    public string? ReturnUrl(string flow, string method)
        => returnUrls.GetValueOrDefault($"{flow}.{method}") ?? returnUrls.GetValueOrDefault(flow);

    public static FlowHooks FromConfig(ConfigSnapshot config)
    {
        var result = new FlowHooks();
        foreach (var flow in new[] { "login", "registration", "settings" })
        {
            var prefix = $"selfservice.flows.{flow}.after";
            result.hooks[flow] = Read(config, prefix + ".hooks", flow);
            if (config.GetString(prefix + ".default_browser_return_url") is { Length: > 0 } url)
            {
                result.returnUrls[flow] = url;
            }

            foreach (var method in Methods)
            {
                result.hooks[$"{flow}.{method}"] = Read(config, $"{prefix}.{method}.hooks", flow);
                if (config.GetString($"{prefix}.{method}.default_browser_return_url") is { Length: > 0 } own)
                {
                    result.returnUrls[$"{flow}.{method}"] = own;
                }
            }
        }

        return result;
    }

    private static List<FlowHook> Read(ConfigSnapshot config, string key, string flow)
    {
        var list = new List<FlowHook>();
        if (config.Get(key) is not JsonArray entries)
        {
            return list;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var at = $"{key}[{i}]";
            var name = (entries[i]?["hook"] as JsonValue)?.GetValue<string>() ?? "";
            var hookConfig = entries[i]?["config"] as JsonObject ?? [];
            var allowed = flow switch
            {
                "login" => name is FlowHook.RevokeActiveSessions or FlowHook.RequireVerifiedAddress or FlowHook.WebHook or FlowHook.ShowVerificationUi,
                "registration" => name is FlowHook.Session or FlowHook.WebHook or FlowHook.ShowVerificationUi,
                _ => name is FlowHook.RevokeActiveSessions or FlowHook.WebHook or FlowHook.ShowVerificationUi,
            };
            if (!allowed)
            {
                throw new ConfigException($"{at}.hook: \"{name}\" is not a hook of the {flow} flow's after step here (login: revoke_active_sessions, require_verified_address, web_hook, show_verification_ui; registration: session, web_hook, show_verification_ui; settings: revoke_active_sessions, web_hook, show_verification_ui).");
            }

            var webHook = name == FlowHook.WebHook ? WebHookOptions.FromConfig(hookConfig, at + ".config") : null;
            if (flow == "settings" && webHook is { } settingsHook && (settingsHook.Parse || hookConfig["can_interrupt"] is JsonValue interrupt && interrupt.TryGetValue<bool>(out var interrupts) && interrupts))
            {
                throw new ConfigException($"{at}.config: a settings web_hook that parses its response or can interrupt runs before the change is saved (Kratos's pre-persist hook), which this service does not have yet; use one that only notifies (response.parse false).");
            }

            list.Add(new FlowHook(name, hookConfig, at) { WebHookConfig = webHook });
        }

        return list;
    }
}
